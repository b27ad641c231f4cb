/// Rules compiled once for matching: the `=` phrases in one `WholeKeyTable`, the other phrases
/// in one `PhraseAutomaton` over folded keys, every regex compiled by ICU with its required
/// literal in the same automaton, so a line costs one key fold, one lookup and one automaton
/// pass whatever the number of rules; a regex runs only on lines whose key holds its literal
/// (or on every line when it has none) and, when it is anchored at the line's start, whose
/// opening its `LeadingGate` admits.
///
///     let set = try RuleSet(compiling: RuleLoader.loadDefault())
///     let matcher = RuleMatcher(set)   // one per thread
///
/// A `RuleSet` is immutable and shared by all threads.
public final class RuleSet: @unchecked Sendable {
    public let rules: [Rule]
    let automaton: PhraseAutomaton
    /// The keys of the `=` phrases; key w is pattern `automaton.patternLengths.count + w`.
    let wholeKeys: WholeKeyTable
    /// For each pattern p (the automaton's, then the whole keys): the rules whose phrase it is,
    /// or whose regex needs it, are `owners[ownerStart[p] ..< ownerStart[p + 1]]` (flat, so the
    /// hot loop touches no reference counts).
    let ownerStart: [Int]
    let owners: [PatternOwner]
    /// Per automaton pattern: whether it carries a padding space at its start (it must then
    /// begin at a word edge, and begins at the key's start when it starts at offset 0).
    let patternPaddedStart: [Bool]
    /// Per automaton pattern: whether it carries a padding space at its end.
    let patternPaddedEnd: [Bool]
    /// Per rule: the regex run on the line (regex rules; `strip` and `replace` phrase rules,
    /// whose phrase becomes a regex to find its place in the line), as a pattern that each
    /// `RuleMatcher` compiles when the rule is first a candidate.
    let regexSources: [RegexSource?]
    /// Per rule: the regex compiled already, to check it at load time (every rule file but the
    /// embedded defaults, which the tests and `sluice check` validate, and whose hundreds of
    /// patterns would otherwise cost more start-up than everything else).
    let compiledRegexes: [RegexMatcher?]

    /// What a regex is compiled from.
    struct RegexSource {
        var pattern: String
        var caseSensitive: Bool

        func compile() throws -> RegexMatcher { try RegexMatcher(pattern: pattern, caseSensitive: caseSensitive) }
    }
    /// Regex rules with no required literal: they run on every line their gate admits.
    let unconditionalRegexRules: [Int]
    /// Per rule: the index of its regex's `LeadingGate` in `gateVerdicts`, or -1.
    let leadingGates: [Int]
    /// The gates' verdict tables, 256 bytes each.
    let gateVerdicts: [UInt8]
    /// The gates' non-ASCII opening characters.
    let gateSequences: [[[UInt8]]]
    /// Lines surely longer than this many words (`WordFloor`) escape every rule with a
    /// `max-words` guard: they are matched only when one of `unboundedLiterals` occurs in them.
    /// `Int.max` when some rule without a guard has no such literal (every line is matched).
    let longLineWords: Int
    /// The `CaselessLiteral` of each regex rule without a `max-words` guard.
    let unboundedLiterals: [CaselessLiteral]
    /// Whether any rule has a site scope.
    let hasSiteRules: Bool
    /// The guards of each rule, flat, for the per-line checks (reading them through `rules[r]`
    /// would copy the whole rule, strings and all, on every hit).
    let guards: [Guards]

    /// A rule's word and position guards.
    struct Guards {
        var matcher: Rule.Matcher
        var maxWords: Int
        var minWords: Int
        var first: Rule.Position?
        var last: Rule.Position?

        init(_ rule: Rule) {
            matcher = rule.matcher
            maxWords = rule.options.maxWords ?? .max
            minWords = rule.options.minWords ?? 0
            first = rule.options.first ?? (rule.action == .cutBefore ? .percent(25) : nil)
            last = rule.options.last
        }

        /// The word guards hold for a line of `words` words.
        @inline(__always)
        func allow(words: Int) -> Bool { words <= maxWords && words >= minWords }

        /// The position guards hold for line `i` of a window of `n` lines.
        func allow(line i: Int, of n: Int, isFirstWindow: Bool, isLastWindow: Bool) -> Bool {
            if let first {
                guard isFirstWindow, i < first.lineCount(in: n) else { return false }
            }
            if let last {
                guard isLastWindow, i >= n - last.lineCount(in: n) else { return false }
            }
            return true
        }
    }

    struct PatternOwner {
        var rule: Int
        /// The rule's own phrase (checked for position), or its regex's required literal.
        var isPhrase: Bool
    }

    /// Distinct keys in the order first added, each with the rules that own it.
    private struct OwnedKeys {
        private(set) var keys: [[UInt8]] = []
        private(set) var owners: [[PatternOwner]] = []
        private var index: [[UInt8]: Int] = [:]

        mutating func add(_ key: [UInt8], _ owner: PatternOwner) {
            if let i = index[key] {
                owners[i].append(owner)
            } else {
                index[key] = keys.count
                keys.append(key)
                owners.append([owner])
            }
        }
    }

    /// Compiles what a load found.
    /// - Throws: `RuleLoadError` with the load's diagnostics and each regex that ICU refuses,
    ///   in file and line order.
    /// - Parameter everyRegex: compile the embedded rules' regexes now too (`sluice check`).
    public convenience init(compiling loaded: RuleLoader.Loaded, everyRegex: Bool = false) throws {
        try self.init(rules: loaded.rules, diagnostics: loaded.diagnostics, everyRegex: everyRegex)
    }

    /// A set with no rule.
    public static let empty: RuleSet = try! RuleSet(rules: [])

    /// Compiles `rules`.
    /// - Throws: `RuleLoadError` naming each regex that ICU refuses, at its column.
    public convenience init(rules: [Rule]) throws {
        try self.init(rules: rules, diagnostics: [], everyRegex: false)
    }

    private init(rules: [Rule], diagnostics loadDiagnostics: [RuleDiagnostic], everyRegex: Bool) throws {
        self.rules = rules
        let folder = FoldedKeyBuilder()
        var patterns = OwnedKeys()  // the automaton's
        var wholeKeys = OwnedKeys()
        var sources: [RegexSource?] = []
        var compiled: [RegexMatcher?] = []
        var unconditional: [Int] = []
        var gates = [Int](repeating: -1, count: rules.count)
        var gateVerdicts: [UInt8] = []
        var gateSequences: [[[UInt8]]] = []
        var diagnostics = loadDiagnostics

        for (index, rule) in rules.enumerated() {
            if rule.matcher == .regex {
                let source = RegexSource(pattern: rule.text, caseSensitive: rule.options.caseSensitive)
                sources.append(source)
                compiled.append(nil)
                if everyRegex || !rule.isEmbedded {
                    do {
                        compiled[index] = try source.compile()
                    } catch let error as RegexMatcher.CompileError {
                        diagnostics.append(RuleDiagnostic(
                            file: rule.file, line: rule.line, column: rule.textColumn + max(0, error.column - 1),
                            message: "the regular expression does not compile: \(error.message)"))
                        continue
                    }
                }
                if let gate = LeadingGate.of(pattern: rule.text, caseInsensitive: !rule.options.caseSensitive) {
                    gates[index] = gateVerdicts.count / 256
                    gateVerdicts += gate.verdicts
                    gateSequences.append(gate.sequences)
                }
                if let literals = RequiredLiteral.keys(of: rule.text, folder: folder) {
                    for literal in literals { patterns.add(literal, PatternOwner(rule: index, isPhrase: false)) }
                } else {
                    unconditional.append(index)
                }
            } else {
                let key = folder.fold(rule.text)
                if rule.matcher == .equals {
                    wholeKeys.add(key, PatternOwner(rule: index, isPhrase: true))
                } else {
                    patterns.add(Self.padded(key), PatternOwner(rule: index, isPhrase: true))
                }
                sources.append(rule.action.editsInLine ? Self.phraseRegex(key: key, matcher: rule.matcher) : nil)
                compiled.append(nil)
            }
        }
        if !diagnostics.isEmpty {
            // Files in the order they were read, lines in order within each.
            var fileOrder: [String: Int] = [:]
            for d in diagnostics where fileOrder[d.file] == nil { fileOrder[d.file] = fileOrder.count }
            throw RuleLoadError(diagnostics: diagnostics.enumerated().sorted {
                let (a, b) = ($0.element, $1.element)
                if a.file != b.file { return fileOrder[a.file]! < fileOrder[b.file]! }
                return a.line != b.line ? a.line < b.line : $0.offset < $1.offset
            }.map(\.element))
        }

        self.automaton = PhraseAutomaton(patterns: patterns.keys)
        self.wholeKeys = WholeKeyTable(wholeKeys.keys)
        let owners = patterns.owners + wholeKeys.owners
        self.ownerStart = owners.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        self.owners = owners.flatMap { $0 }
        self.patternPaddedStart = patterns.keys.map { $0.first == 0x20 }
        self.patternPaddedEnd = patterns.keys.map { $0.last == 0x20 }
        self.regexSources = sources
        self.compiledRegexes = compiled
        self.unconditionalRegexRules = unconditional
        self.leadingGates = gates
        self.gateVerdicts = gateVerdicts
        self.gateSequences = gateSequences
        let unbounded = rules.filter { $0.options.maxWords == nil }
        let unboundedLiterals = unbounded.map { $0.matcher == .regex ? CaselessLiteral.of(pattern: $0.text) : nil }
        let bound = rules.compactMap(\.options.maxWords).max()
        if let bound, !unboundedLiterals.contains(where: { $0 == nil }) {
            self.longLineWords = bound
            self.unboundedLiterals = unboundedLiterals.compactMap { $0 }
        } else {
            self.longLineWords = .max
            self.unboundedLiterals = []
        }
        self.hasSiteRules = rules.contains { !$0.options.sites.isEmpty }
        self.guards = rules.map(Guards.init)
    }

    /// A phrase key with a space added at each end whose character is of a script written with
    /// spaces: matched against a padded line key, it then matches only at word edges.
    private static func padded(_ key: [UInt8]) -> [UInt8] {
        let scalars = String(decoding: key, as: UTF8.self).unicodeScalars
        let unspacedFirst = scalars.first.map { FoldedKeyBuilder.isUnspacedScript($0.value) } ?? false
        let unspacedLast = scalars.last.map { FoldedKeyBuilder.isUnspacedScript($0.value) } ?? false
        return (unspacedFirst ? [] : [0x20]) + key + (unspacedLast ? [] : [0x20])
    }

    /// The regex that finds a phrase in a line's text: its words in order, case-insensitively,
    /// with any non-word characters between them, at word edges.
    private static func phraseRegex(key: [UInt8], matcher: Rule.Matcher) -> RegexSource {
        let words = key.split(separator: 0x20).map { word -> String in
            "\\Q" + String(decoding: word, as: UTF8.self) + "\\E"
        }
        let nonWord = "[^\\p{L}\\p{M}\\p{N}]"
        var pattern = "(?<![\\p{L}\\p{M}\\p{N}])" + words.joined(separator: nonWord + "+") + "(?![\\p{L}\\p{M}\\p{N}])"
        switch matcher {
        case .equals: pattern = "^" + nonWord + "*" + pattern + nonWord + "*$"
        case .startsWith: pattern = "^" + nonWord + "*" + pattern
        case .endsWith: pattern = pattern + nonWord + "*$"
        case .contains, .regex: break
        }
        return RegexSource(pattern: pattern, caseSensitive: false)
    }

    /// Every phrase (`=`, `^`, `$`, `*` rules) and every regex, for `sluice export-patterns`.
    public var phrases: [String] { rules.filter { $0.matcher != .regex }.map(\.text) }
    public var regexPatterns: [String] { rules.filter { $0.matcher == .regex }.map(\.text) }
}
