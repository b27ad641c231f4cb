/// Finds the rules that match one line: folds the line's key once, runs the phrase automaton
/// over it, checks each hit's position (equals, starts, ends, contains at word edges) and the
/// word guards, then runs the regexes whose literal was seen and whose `LeadingGate` admits the
/// line. A line longer than every `max-words` guard (`RuleSet.longLineWords`) is not even
/// folded unless an unguarded rule's `CaselessLiteral` occurs in it.
///
///     let matcher = RuleMatcher(set)
///     matcher.setSite("news.example.com")
///     matcher.match(line)          // rule indices, in file order
///
/// Position guards (`first=`, `last=`) need the whole document and are left to the caller.
/// One matcher per thread: it owns ICU regex copies and scratch buffers.
public final class RuleMatcher {
    public let set: RuleSet
    let keys = FoldedKeyBuilder()
    private let scanner: PhraseAutomaton.Scanner
    /// This thread's regexes, compiled (or copied from the set) when first needed, and the
    /// same without reference counting for the hot loop (`regexes` owns them).
    private var regexes: [RegexMatcher?]
    private let unownedRegexes: UnsafeMutablePointer<Unmanaged<RegexMatcher>?>
    /// The set's tables that every line reads.
    private let guards: FixedTable<RuleSet.Guards>
    private let owners: FixedTable<RuleSet.PatternOwner>
    private let ownerStart: FixedTable<Int>
    private let patternLengths: FixedTable<Int>
    private let paddedStart: FixedTable<Bool>
    private let paddedEnd: FixedTable<Bool>
    private let leadingGates: FixedTable<Int>
    private let gateVerdicts: FixedTable<UInt8>
    /// Each rule's action (read here and by `DocumentRules` for every rule a line matches).
    let actions: FixedTable<RuleAction>
    /// Per rule: whether it has a position guard (`first=`, `last=`, or a `cut-before`'s own).
    private let isPositional: FixedTable<Bool>
    private let siteAllows: FixedTable<Bool>
    private let unconditionalRegexRules: FixedTable<Int>
    private let unconditionalCount: Int
    private let isMatched: FixedTable<Bool>
    private let isCandidate: FixedTable<Bool>
    /// The rules matched and the regex rules to try on the current line (each rule at most
    /// once in each).
    private var matched: RuleList
    private var candidates: RuleList
    /// Regex rules that hit the time limit on the last line matched (for warnings).
    public private(set) var timedOut: [Int] = []
    /// Whether `timedOut` is not empty (read on every line without touching the array).
    private(set) var hasTimeOuts = false

    public init(_ set: RuleSet) {
        self.set = set
        self.regexes = set.compiledRegexes.map { $0?.copy() }
        self.unownedRegexes = .allocate(capacity: Swift.max(1, set.rules.count))
        self.unownedRegexes.initialize(from: regexes.map { $0.map(Unmanaged.passUnretained) }, count: set.rules.count)
        self.unconditionalRegexRules = FixedTable(set.unconditionalRegexRules)
        self.unconditionalCount = set.unconditionalRegexRules.count
        self.matched = RuleList(capacity: set.rules.count)
        self.candidates = RuleList(capacity: set.rules.count)
        self.scanner = PhraseAutomaton.Scanner(set.automaton)
        self.siteAllows = FixedTable(set.rules.map { $0.options.sites.isEmpty })
        self.isMatched = FixedTable([Bool](repeating: false, count: set.rules.count))
        self.isCandidate = FixedTable([Bool](repeating: false, count: set.rules.count))
        self.guards = FixedTable(set.guards)
        self.owners = FixedTable(set.owners)
        self.ownerStart = FixedTable(set.ownerStart)
        self.patternLengths = FixedTable(set.automaton.patternLengths)
        self.paddedStart = FixedTable(set.patternPaddedStart)
        self.paddedEnd = FixedTable(set.patternPaddedEnd)
        self.leadingGates = FixedTable(set.leadingGates)
        self.gateVerdicts = FixedTable(set.gateVerdicts)
        self.actions = FixedTable(set.rules.map(\.action))
        self.isPositional = FixedTable(set.guards.map { $0.first != nil || $0.last != nil })
    }

    deinit {
        unownedRegexes.deallocate()
        unconditionalRegexRules.deallocate()
        matched.deallocate()
        candidates.deallocate()
        guards.deallocate()
        owners.deallocate()
        ownerStart.deallocate()
        patternLengths.deallocate()
        paddedStart.deallocate()
        paddedEnd.deallocate()
        leadingGates.deallocate()
        gateVerdicts.deallocate()
        actions.deallocate()
        isPositional.deallocate()
        siteAllows.deallocate()
        isMatched.deallocate()
        isCandidate.deallocate()
    }

    /// Whether rule `r`'s leading gate (if it has one) admits the line.
    @inline(__always)
    private func gateAdmits(_ r: Int, _ line: UnsafePointer<UInt8>, count: Int) -> Bool {
        let gate = leadingGates[r]
        return gate < 0 || LeadingGate.admits(gateVerdicts.base + gate * 256, sequences: set.gateSequences[gate], line, count: count)
    }

    /// Scopes the site rules to a document's site or URL (nil: no site known, site rules off).
    public func setSite(_ site: String?) {
        guard set.hasSiteRules else { return }
        let host = site.map(SiteScope.host(of:))
        for (i, rule) in set.rules.enumerated() {
            siteAllows[i] = rule.options.sites.isEmpty
                || (host.map { h in rule.options.sites.contains { SiteScope.host(h, isWithin: $0) } } ?? false)
        }
    }

    /// Lets every site rule apply, whatever the document's site (for checking examples).
    public func allowAllSites() {
        for r in set.rules.indices { siteAllows[r] = true }
    }

    /// Where a line stands in a window of a document, for the position guards (`first=`,
    /// `last=`); see `RuleSet.Guards.allow(line:of:isFirstWindow:isLastWindow:)`.
    public struct LinePosition {
        public var line: Int
        public var of: Int
        public var isFirstWindow: Bool
        public var isLastWindow: Bool

        public init(line: Int, of count: Int, isFirstWindow: Bool, isLastWindow: Bool) {
            self.line = line
            self.of = count
            self.isFirstWindow = isFirstWindow
            self.isLastWindow = isLastWindow
        }
    }

    /// The indices of the rules matching `line` (valid UTF-8), in file order. Given the line's
    /// `position`, rules whose position guards exclude it are left out (before any regex runs);
    /// without, position guards are not checked.
    ///
    /// With `decisiveOnly`, regexes whose match could not change what becomes of the line are
    /// not run: a `drop` rule after one that matched already (the first drop is the one
    /// reported), and `strip` or `replace` rules once a drop matched (a dropped or kept line
    /// is never edited). Checking a rule's examples needs every match, cleaning does not.
    public func match(_ line: UnsafeRawBufferPointer, decisiveOnly: Bool = false,
                      at position: LinePosition? = nil) -> [Int] {
        Array(matchedRules(line, decisiveOnly: decisiveOnly, at: position))
    }

    /// Whether rule `r`'s position guards (if any) admit a line at `position`.
    @inline(__always)
    private func positionAdmits(_ r: Int, _ position: LinePosition?) -> Bool {
        guard isPositional[r], let p = position else { return true }
        return guards[r].allow(line: p.line, of: p.of, isFirstWindow: p.isFirstWindow, isLastWindow: p.isLastWindow)
    }

    /// `match`'s rules, in this matcher's own memory: valid until its next call.
    func matchedRules(_ line: UnsafeRawBufferPointer, decisiveOnly: Bool = false,
                      at position: LinePosition? = nil) -> UnsafeBufferPointer<Int> {
        for r in matched.elements { isMatched[r] = false }
        matched.removeAll()
        if hasTimeOuts {
            timedOut.removeAll(keepingCapacity: true)
            hasTimeOuts = false
        }
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self), line.count > 0 else { return matched.elements }
        if WordFloor.exceeds(base, count: line.count, limit: set.longLineWords)
            && !set.unboundedLiterals.contains(where: { $0.occurs(in: line) }) {
            return matched.elements  // longer than every word guard, and no unguarded rule's literal is there
        }
        keys.fold(base, count: line.count)
        let key = keys.key.bytes
        let keyLength = key.count
        let words = keys.wordCount
        let (guards, owners, ownerStart) = (guards, owners, ownerStart)
        let (lengths, paddedStart, paddedEnd) = (patternLengths, paddedStart, paddedEnd)

        scanner.forEachMatch(in: key) { pattern, end in
            // The key is padded: a padded pattern at 0 (or to the end) starts (or ends) the
            // line; an unpadded edge (a script without spaces) sits just inside the padding.
            let start = end - lengths[pattern]
            let atStart = start == (paddedStart[pattern] ? 0 : 1)
            let atEnd = end == keyLength - (paddedEnd[pattern] ? 0 : 1)
            for k in ownerStart[pattern]..<ownerStart[pattern + 1] {
                let owner = owners[k]
                let r = owner.rule
                if isMatched[r] || isCandidate[r] || !siteAllows[r] || !guards[r].allow(words: words)
                    || !positionAdmits(r, position) {
                    continue
                }
                guard owner.isPhrase else {
                    isCandidate[r] = true
                    candidates.append(r)
                    continue
                }
                let hit: Bool
                switch guards[r].matcher {
                case .equals: hit = atStart && atEnd
                case .startsWith: hit = atStart
                case .endsWith: hit = atEnd
                case .contains: hit = true
                case .regex: hit = false
                }
                if hit { isMatched[r] = true; matched.append(r) }
            }
        }
        for k in 0..<unconditionalCount {
            let r = unconditionalRegexRules[k]
            guard !isCandidate[r], siteAllows[r], guards[r].allow(words: words), positionAdmits(r, position) else { continue }
            candidates.append(r)
            isCandidate[r] = true
        }
        var firstDrop = Int.max
        if decisiveOnly {
            if candidates.count > 1 { candidates.sort() }
            for r in matched.elements where actions[r] == .drop { firstDrop = min(firstDrop, r) }
        }
        for r in candidates.elements {
            isCandidate[r] = false
            if firstDrop != .max && ((actions[r] == .drop && r > firstDrop) || actions[r].editsInLine) { continue }
            guard gateAdmits(r, base, count: line.count) else { continue }
            switch find(rule: r, in: line) {
            case .match:
                matched.append(r)
                if decisiveOnly && actions[r] == .drop { firstDrop = min(firstDrop, r) }
            case .timedOut:
                timedOut.append(r)
                hasTimeOuts = true
            case .noMatch: break
            }
        }
        candidates.removeAll()
        if matched.count > 1 { matched.sort() }
        return matched.elements
    }

    /// Where rule `r`'s regex (its own, or its phrase's) matches in `line`, from byte `from`.
    /// Once compiled, the regex is reached with no reference counting.
    @inline(__always)
    func find(rule r: Int, in line: UnsafeRawBufferPointer, from: Int = 0) -> RegexMatcher.Result {
        if let unowned = unownedRegexes[r] {
            return unowned._withUnsafeGuaranteedRef { $0.firstMatch(in: line, from: from) }
        }
        return regex(r)?.firstMatch(in: line, from: from) ?? .noMatch
    }

    /// Rule `r`'s regex, compiled on first use. The set compiled every pattern that did not
    /// come from the embedded defaults, and those are validated by the tests, so compiling
    /// here does not fail in practice; if it did, the rule would simply never match.
    private func regex(_ r: Int) -> RegexMatcher? {
        if let compiled = regexes[r] { return compiled }
        guard let source = set.regexSources[r], let compiled = try? source.compile() else { return nil }
        regexes[r] = compiled
        unownedRegexes[r] = Unmanaged.passUnretained(compiled)
        return compiled
    }
}

/// A list of rule indices in memory its owner allocates once (room for every rule), so that
/// the per-line lists cost no reference counting or uniqueness checks.
struct RuleList {
    private let base: UnsafeMutablePointer<Int>
    private(set) var count = 0

    init(capacity: Int) { base = .allocate(capacity: Swift.max(1, capacity)) }

    var elements: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ r: Int) {
        base[count] = r
        count &+= 1
    }

    mutating func removeAll() { count = 0 }

    func sort() {
        var all = UnsafeMutableBufferPointer(start: base, count: count)
        all.sort()
    }

    func deallocate() { base.deallocate() }
}

/// Site scopes: which host a document belongs to, and whether a rule's domain covers it.
///
///     SiteScope.host(of: "https://News.Example.com:8080/a?b")  // "news.example.com"
///     SiteScope.host("news.example.com", isWithin: "example.com") // true
public enum SiteScope {
    /// The lowercased host of a URL or bare domain.
    public static func host(of site: String) -> String {
        var s = Substring(site.lowercased())
        if let scheme = s.firstRange(of: "://") { s = s[scheme.upperBound...] }
        if let slash = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { s = s[..<slash] }
        if let at = s.lastIndex(of: "@") { s = s[s.index(after: at)...] }
        if let colon = s.lastIndex(of: ":") { s = s[..<colon] }
        while s.last == "." { s = s.dropLast() }
        return String(s)
    }

    /// True when `host` is `domain` or one of its subdomains.
    public static func host(_ host: String, isWithin domain: String) -> Bool {
        host == domain || host.hasSuffix("." + domain)
    }
}
