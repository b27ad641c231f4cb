/// Applies a rule set to a document held in a `DocumentLines` window, deciding each line's fate
/// and writing the survivors.
///
/// For a window of n lines: every line is matched (`RuleMatcher`), position guards are checked
/// against n (`first=` only in a document's first window, `last=` only in its last); then, in
/// order of precedence, `keep` protects lines, the first `cut-before` marker removes what stands
/// above it, the first `cut-after` marker removes itself and all below (in later windows too),
/// `drop-block` and `drop` remove lines, and `strip`/`replace` edit the rest in file order.
///
///     in ,                    ← drop (lone-in, a byline leftover near the top)
///     Pro-Assad alliance …
///     …
///     What do you think?      ← cut-after (what-do-you-think): this line and all below go
///     Leave a Reply
///
/// Under `--mode classify`, the line classifier then judges the lines the rules left (but not
/// those a `keep` rule protects), and drops those it scores as noise.
///
/// Documents longer than the window (`CleanOptions.windowBytes`) are handled window by window;
/// a line longer than `maxLineBytes` ends a window and bypasses the rules.
final class DocumentRules {
    let matcher: RuleMatcher
    private let edit = LineEdit()
    private let current = ByteBuffer(capacity: 4096)
    private let edited = ByteBuffer(capacity: 4096)
    private let removed = ByteBuffer(capacity: 1024)
    /// The rules matching line i of the window: `matchedRules[matchStart[i] ..< matchStart[i + 1]]`.
    private var matchedRules: [Int] = []
    private var matchStart: [Int] = []

    /// Set once a `cut-after` marker fired: the rest of the document goes.
    private(set) var cutRule: Int?

    let classifier: LineClassifier?
    private var decisions: [LineDecision] = []

    init(set: RuleSet, classifier: LineClassifier? = nil) {
        self.matcher = RuleMatcher(set)
        self.classifier = classifier
    }

    /// The id that `--explain` and `--stats` give the classifier's removals.
    static let classifierID = "classifier"

    /// Prepares for a new document.
    func begin(_ context: DocumentContext) {
        cutRule = nil
        matcher.setSite(context.site)
    }

    /// What becomes of a line.
    private enum Fate {
        case write
        /// Written after its `strip` and `replace` rules.
        case edit
        case remove(rule: Int)
        /// Removed by the line classifier.
        case classified(LineDecision)
    }
    private var fates: [Fate] = []

    /// Decides and writes one window of the document.
    func apply(_ lines: DocumentLines, isFirst: Bool, isLast: Bool, context: DocumentContext,
               writer: inout LineWriter, report: inout DocumentReport, log: RemovalLog?,
               warnings: WarningLog?) throws {
        decide(lines, isFirst: isFirst, isLast: isLast, context: context, warnings: warnings)
        let rules = matcher.set.rules
        let n = lines.count
        for i in 0..<n {
            let line = lines[i]
            let terminator: LineTerminator = isLast && i == n - 1 && !lines.lastLineTerminated ? .none : .lf
            switch fates[i] {
            case .write:
                try writer.writeLine(line, terminator: terminator)
            case .edit:
                try writeEdited(i, line, terminator: terminator, lines: lines, context: context, writer: &writer,
                                report: &report, log: log)
            case .remove(let r):
                report.removals[rules[r].id, default: 0] += 1
                try log?.record(Removal(document: context.name, line: lines.lineNumbers[i], rule: rules[r].id,
                                        action: rules[r].action.rawValue, text: line))
            case .classified(let decision):
                report.removals[Self.classifierID, default: 0] += 1
                try log?.record(Removal(document: context.name, line: lines.lineNumbers[i],
                                        rule: "\(Self.classifierID) (\(decision.signal))", action: "drop",
                                        text: line, score: Double(decision.score)))
            }
        }
    }

    /// Fills `fates` for the window's lines.
    private func decide(_ lines: DocumentLines, isFirst: Bool, isLast: Bool, context: DocumentContext,
                        warnings: WarningLog?) {
        let n = lines.count
        let rules = matcher.set.rules
        fates.removeAll(keepingCapacity: true)
        if let cut = cutRule {
            for i in 0..<n { fates.append(lines.isBlank(i) ? .write : .remove(rule: cut)) }
            return
        }

        // Match every line; keep the matches whose position guards hold.
        matchedRules.removeAll(keepingCapacity: true)
        matchStart.removeAll(keepingCapacity: true)
        matchStart.append(0)
        let guards = matcher.set.guards
        for i in 0..<n {
            if !lines.isBlank(i) {
                matchedRules.append(contentsOf: matcher.matchedRules(lines[i], decisiveOnly: true) {
                    guards[$0].allow(line: i, of: n, isFirstWindow: isFirst, isLastWindow: isLast)
                })
                for r in matcher.timedOut {
                    warnings?.warn("\(context.name):\(lines.lineNumbers[i]): rule \(rules[r].id): the regex hit its time limit; the rule was skipped on this line")
                }
            }
            matchStart.append(matchedRules.count)
        }
        func firstRule(_ i: Int, _ action: RuleAction) -> Int? {
            matches(i).first { rules[$0].action == action }
        }
        func isKept(_ i: Int) -> Bool { firstRule(i, .keep) != nil }

        var start = 0
        if isFirst, let marker = (0..<n).first(where: { firstRule($0, .cutBefore) != nil && !isKept($0) }) {
            let r = firstRule(marker, .cutBefore)!
            for i in 0...marker { fates.append(lines.isBlank(i) ? .write : .remove(rule: r)) }
            start = marker + 1
        }
        var end = n
        if let marker = (start..<n).first(where: { firstRule($0, .cutAfter) != nil && !isKept($0) }) {
            end = marker
            cutRule = firstRule(marker, .cutAfter)!
        }

        // A drop-block in progress: its rule, the lines it may still take, and whether a blank
        // line ends it.
        var block: (rule: Int, remaining: Int, untilBlank: Bool)? = nil
        for i in start..<end {
            if lines.isBlank(i) {
                if block?.untilBlank == true { block = nil }
                fates.append(.write)
            } else if isKept(i) {
                fates.append(.write)
            } else if let b = block {
                fates.append(.remove(rule: b.rule))
                block = b.remaining > 1 ? (b.rule, b.remaining - 1, b.untilBlank) : nil
            } else if let r = firstRule(i, .dropBlock) {
                fates.append(.remove(rule: r))
                let count = rules[r].options.blockLines
                block = (r, (count ?? Self.longestBlock) - 1, count == nil)
                if block!.remaining == 0 { block = nil }
            } else if let r = firstRule(i, .drop) {
                fates.append(.remove(rule: r))
            } else {
                fates.append(matches(i).contains { rules[$0].action.editsInLine } ? .edit : .write)
            }
        }
        if let cut = cutRule {
            for i in end..<n { fates.append(lines.isBlank(i) ? .write : .remove(rule: cut)) }
        }
        if let classifier {
            // Only the lines the rules left are worth the trees (the features see all).
            classifier.classify(lines, into: &decisions, judging: { i in
                switch self.fates[i] {
                case .write, .edit: return !isKept(i)
                case .remove, .classified: return false
                }
            })
            for i in 0..<n where !decisions[i].keep && !lines.isBlank(i) && !isKept(i) {
                switch fates[i] {
                case .write, .edit: fates[i] = .classified(decisions[i])
                case .remove, .classified: break
                }
            }
        }
    }

    /// The rules matching line `i` of the window being decided.
    private func matches(_ i: Int) -> ArraySlice<Int> { matchedRules[matchStart[i]..<matchStart[i + 1]] }

    /// The most lines a `drop-block` without `lines=` removes when no blank line comes.
    static let longestBlock = 50

    /// Applies the line's `strip` and `replace` rules in file order and writes what is left
    /// (nothing, when no word is left).
    private func writeEdited(_ i: Int, _ line: UnsafeRawBufferPointer, terminator: LineTerminator,
                             lines: DocumentLines, context: DocumentContext,
                             writer: inout LineWriter, report: inout DocumentReport, log: RemovalLog?) throws {
        let rules = matcher.set.rules
        current.removeAll()
        current.append(line)
        for r in matches(i) where rules[r].action.editsInLine {
            removed.removeAll()
            guard edit.apply(rule: r, of: matcher, to: current.bytes, into: edited, removed: removed) else { continue }
            report.removals[rules[r].id, default: 0] += 1
            try log?.record(Removal(document: context.name, line: lines.lineNumbers[i], rule: rules[r].id,
                                    action: rules[r].action.rawValue, text: removed.bytes))
            current.removeAll()
            current.append(edited.bytes)
        }
        matcher.keys.fold(current.base, count: current.count)
        if matcher.keys.wordCount > 0 { try writer.writeLine(current.bytes, terminator: terminator) }
    }
}
