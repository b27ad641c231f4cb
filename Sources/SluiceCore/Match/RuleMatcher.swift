/// Finds the rules that match each line: folds the line's key once, looks it up whole among
/// the `=` phrases, runs the phrase automaton over it (several lines' keys at once), checks
/// each hit's position (starts, ends, contains at word edges) and the word guards, then runs
/// the regexes whose literal was seen and whose `LeadingGate` admits the line. A line longer
/// than every `max-words` guard (`RuleSet.longLineWords`) is not even folded unless an
/// unguarded rule's `CaselessLiteral` occurs in it.
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
    /// The pattern number of the first whole key (`RuleSet.wholeKeys`).
    private let wholeKeyPatterns: Int
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
    /// The batch being matched: its lines' keys, where each stands, and the automaton's hits.
    private let batchKeys = ByteBuffer(capacity: 2 * batchBytes)
    private var keySlots: [KeySlot] = []
    private var hits = PatternHits()
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
        self.wholeKeyPatterns = set.automaton.patternLengths.count
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
        hits.deallocate()
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
        var rules: [Int] = []
        matchLines(count: 1, decisiveOnly: decisiveOnly, line: { _ in line }, position: { _ in position }) {
            rules = Array($1)
        }
        return rules
    }

    /// Whether rule `r`'s position guards (if any) admit a line at `position`.
    @inline(__always)
    private func positionAdmits(_ r: Int, _ position: LinePosition?) -> Bool {
        guard isPositional[r], let p = position else { return true }
        return guards[r].allow(line: p.line, of: p.of, isFirstWindow: p.isFirstWindow, isLastWindow: p.isLastWindow)
    }

    /// `match` for lines `0..<count`: calls `body(i, rules)` for each line in order, `rules`
    /// being in this matcher's memory and valid during the call (as is `timedOut`).
    ///
    /// Lines are matched in batches: their keys are folded into one text, separated, so that
    /// the phrase automaton runs over several at once (see `PhraseAutomaton.Scanner`); then
    /// each line's hits are checked and its regexes run.
    func matchLines(count: Int, decisiveOnly: Bool, line: (Int) -> UnsafeRawBufferPointer,
                    position: (Int) -> LinePosition?, _ body: (Int, UnsafeBufferPointer<Int>) -> Void) {
        var first = 0
        while first < count {
            let end = foldBatch(from: first, count: count, line: line)
            hits.removeAll()
            scanner.forEachMatch(in: batchKeys.bytes) { hits.append($0, $1) }
            var hit = 0
            for i in first..<end {
                let text = line(i)
                let slot = keySlots[i - first]
                var hitsEnd = hit
                while hitsEnd < hits.count && hits.ends[hitsEnd] <= slot.end { hitsEnd &+= 1 }
                decide(text, slot: slot, hitRange: hit..<hitsEnd, decisiveOnly: decisiveOnly, at: position(i))
                hit = hitsEnd
                body(i, matched.elements)
            }
            first = end
        }
    }

    /// Where a line's key stands in `batchKeys` (`start < 0`: the line has none, being empty
    /// or longer than every rule that could match it), and its word count.
    private struct KeySlot {
        var start: Int
        var end: Int
        var words: Int
    }

    /// Folds the keys of lines `first...` into `batchKeys`, each followed by the separator,
    /// until the batch is full; returns the index after its last line.
    private func foldBatch(from first: Int, count: Int, line: (Int) -> UnsafeRawBufferPointer) -> Int {
        batchKeys.removeAll()
        keySlots.removeAll(keepingCapacity: true)
        var i = first
        while i < count && (i == first || (batchKeys.count < Self.batchBytes && i - first < Self.batchLines)) {
            let text = line(i)
            i += 1
            guard let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self), text.count > 0,
                  !WordFloor.exceeds(base, count: text.count, limit: set.longLineWords)
                    || set.unboundedLiterals.contains(where: { $0.occurs(in: text) }) else {
                // Longer than every word guard, and no unguarded rule's literal is there.
                keySlots.append(KeySlot(start: -1, end: -1, words: 0))
                continue
            }
            let start = batchKeys.count
            let words = keys.append(base, count: text.count, to: batchKeys)
            keySlots.append(KeySlot(start: start, end: batchKeys.count, words: words))
            batchKeys.append(PhraseAutomaton.separator)
        }
        return i
    }

    /// Lines are matched in batches of this many key bytes or lines at most (a batch stays in
    /// the first-level caches).
    static let batchBytes = 16 * 1024
    static let batchLines = 512

    /// Fills `matched` (sorted) with the rules matching a line, from its automaton hits.
    private func decide(_ line: UnsafeRawBufferPointer, slot: KeySlot, hitRange: Range<Int>, decisiveOnly: Bool,
                        at position: LinePosition?) {
        for r in matched.elements { isMatched[r] = false }
        matched.removeAll()
        if hasTimeOuts {
            timedOut.removeAll(keepingCapacity: true)
            hasTimeOuts = false
        }
        guard slot.start >= 0, let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let words = slot.words
        let keyLength = slot.end - slot.start
        /// Weighs the rules owning `pattern`, found at the start and/or end of the line or not.
        @inline(__always) func consider(_ pattern: Int, atStart: Bool, atEnd: Bool) {
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
        if keyLength > 2, let w = set.wholeKeys.find(batchKeys.base + slot.start + 1, count: keyLength - 2) {
            consider(wholeKeyPatterns + w, atStart: true, atEnd: true)
        }
        for h in hitRange {
            let pattern = hits.patterns[h]
            let end = hits.ends[h] - slot.start
            // The key is padded: a padded pattern at 0 (or to the end) starts (or ends) the
            // line; an unpadded edge (a script without spaces) sits just inside the padding.
            let start = end - patternLengths[pattern]
            consider(pattern, atStart: start == (paddedStart[pattern] ? 0 : 1),
                     atEnd: end == keyLength - (paddedEnd[pattern] ? 0 : 1))
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
