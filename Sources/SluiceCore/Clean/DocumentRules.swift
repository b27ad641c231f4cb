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
    /// The window's lines that match any rule, in order (most lines match none, and take no
    /// room here).
    private var matchedLines: [MatchedLine] = []
    /// The `strip` and `replace` rules of the matched lines, each line's in file order.
    private var editRules: [Int] = []
    /// Lines removed per rule in the window being written, and the rules with any (so the
    /// report's table, keyed by rule id, is touched once per rule and window, not per line).
    private var removalCounts: [Int]
    private var rulesWithRemovals: [Int] = []
    private var classifierRemovals = 0

    /// Set once a `cut-after` marker fired: the rest of the document goes.
    private(set) var cutRule: Int?

    let classifier: LineClassifier?
    private var decisions: [LineDecision] = []

    init(set: RuleSet, classifier: LineClassifier? = nil) {
        self.matcher = RuleMatcher(set)
        self.classifier = classifier
        self.removalCounts = [Int](repeating: 0, count: set.rules.count)
    }

    /// A line of the window that matches rules: the first rule (in file order) of each action
    /// that decides a line's fate, -1 for none, and where its `strip` and `replace` rules are
    /// in `editRules`.
    private struct MatchedLine {
        var line: Int32
        var keep: Int32 = -1
        var cutBefore: Int32 = -1
        var cutAfter: Int32 = -1
        var dropBlock: Int32 = -1
        var drop: Int32 = -1
        var editStart: Int32
        var editEnd: Int32

        var isKept: Bool { keep >= 0 }
        var edits: Range<Int> { Int(editStart)..<Int(editEnd) }
    }

    /// The id that `--explain` and `--stats` give the classifier's removals.
    static let classifierID = "classifier"

    /// Prepares for a new document.
    func begin(_ context: DocumentContext) {
        cutRule = nil
        matcher.setSite(context.site)
    }

    /// What becomes of a line (eight bytes a line: a window may hold a million).
    private enum Fate {
        case write
        /// Written as it is, protected by a `keep` rule (from the classifier too).
        case kept
        /// Written after the `strip` and `replace` rules of `matchedLines[match]`.
        case edit(match: Int32)
        case remove(rule: Int32)
        /// Removed by the line classifier, for the reason in `decisions` at the line.
        case classified
    }
    private var fates: [Fate] = []

    /// Decides and writes one window of the document.
    func apply(_ lines: DocumentLines, isFirst: Bool, isLast: Bool, context: DocumentContext,
               writer: inout LineWriter, report: inout DocumentReport, log: RemovalLog?,
               warnings: WarningLog?) throws {
        decide(lines, isFirst: isFirst, isLast: isLast, context: context, warnings: warnings)
        let rules = matcher.set.rules
        let n = lines.count
        defer {
            for r in rulesWithRemovals {
                report.removals[rules[r].id, default: 0] += removalCounts[r]
                removalCounts[r] = 0
            }
            rulesWithRemovals.removeAll(keepingCapacity: true)
            if classifierRemovals > 0 {
                report.removals[Self.classifierID, default: 0] += classifierRemovals
                classifierRemovals = 0
            }
        }
        for i in 0..<n {
            let line = lines[i]
            let terminator: LineTerminator = isLast && i == n - 1 && !lines.lastLineTerminated ? .none : .lf
            switch fates[i] {
            case .write, .kept:
                try writer.writeLine(line, terminator: terminator)
            case .edit(let match):
                try writeEdited(i, line, rules: editRules[matchedLines[Int(match)].edits], terminator: terminator,
                                lines: lines, context: context, writer: &writer, log: log)
            case .remove(let rule):
                let r = Int(rule)
                countRemoval(r)
                try log?.record(Removal(document: context.name, line: lines.lineNumbers[i], rule: rules[r].id,
                                        action: rules[r].action.rawValue, text: line))
            case .classified:
                let decision = decisions[i]
                classifierRemovals += 1
                try log?.record(Removal(document: context.name, line: lines.lineNumbers[i],
                                        rule: "\(Self.classifierID) (\(decision.signal))", action: "drop",
                                        text: line, score: Double(decision.score)))
            }
        }
    }

    /// Counts a removal by rule `r` for the window's report.
    @inline(__always)
    private func countRemoval(_ r: Int) {
        if removalCounts[r] == 0 { rulesWithRemovals.append(r) }
        removalCounts[r] += 1
    }

    /// Fills `fates` for the window's lines.
    private func decide(_ lines: DocumentLines, isFirst: Bool, isLast: Bool, context: DocumentContext,
                        warnings: WarningLog?) {
        let n = lines.count
        fates.removeAll(keepingCapacity: true)
        if let cut = cutRule {
            for i in 0..<n { fates.append(lines.isBlank(i) ? .write : .remove(rule: Int32(cut))) }
            return
        }
        matchLines(lines, isFirst: isFirst, isLast: isLast, context: context, warnings: warnings)

        var start = 0
        if isFirst, let marker = matchedLines.first(where: { $0.cutBefore >= 0 && !$0.isKept }) {
            for i in 0...Int(marker.line) { fates.append(lines.isBlank(i) ? .write : .remove(rule: marker.cutBefore)) }
            start = Int(marker.line) + 1
        }
        var end = n
        if let marker = matchedLines.first(where: { $0.line >= start && $0.cutAfter >= 0 && !$0.isKept }) {
            end = Int(marker.line)
            cutRule = Int(marker.cutAfter)
        }

        // A drop-block in progress: its rule, the lines it may still take, and whether a blank
        // line ends it.
        var block: (rule: Int32, remaining: Int, untilBlank: Bool)? = nil
        // The next matched line at or after line i (blank lines match nothing).
        var next = matchedLines.firstIndex { $0.line >= start } ?? matchedLines.count
        for i in start..<end {
            var match: MatchedLine? = nil
            if next < matchedLines.count && matchedLines[next].line == i {
                match = matchedLines[next]
                next += 1
            }
            if lines.isBlank(i) {
                if block?.untilBlank == true { block = nil }
                fates.append(.write)
            } else if match?.isKept == true {
                fates.append(.kept)
            } else if let b = block {
                fates.append(.remove(rule: b.rule))
                block = b.remaining > 1 ? (b.rule, b.remaining - 1, b.untilBlank) : nil
            } else if let m = match, m.dropBlock >= 0 {
                fates.append(.remove(rule: m.dropBlock))
                let count = matcher.set.rules[Int(m.dropBlock)].options.blockLines
                block = (m.dropBlock, (count ?? Self.longestBlock) - 1, count == nil)
                if block!.remaining == 0 { block = nil }
            } else if let m = match, m.drop >= 0 {
                fates.append(.remove(rule: m.drop))
            } else if let m = match, !m.edits.isEmpty {
                fates.append(.edit(match: Int32(next - 1)))
            } else {
                fates.append(.write)
            }
        }
        if let cut = cutRule {
            for i in end..<n { fates.append(lines.isBlank(i) ? .write : .remove(rule: Int32(cut))) }
        }
        if let classifier {
            // Only the lines the rules left are worth the trees (the features see all).
            classifier.classify(lines, into: &decisions, judging: { i in
                switch self.fates[i] {
                case .write, .edit: return true
                case .kept, .remove, .classified: return false
                }
            })
            for i in 0..<n where !decisions[i].keep && !lines.isBlank(i) {
                switch fates[i] {
                case .write, .edit: fates[i] = .classified
                case .kept, .remove, .classified: break
                }
            }
        }
    }

    /// Matches every line of the window, keeping the matches whose position guards hold:
    /// fills `matchedLines` and `editRules`.
    private func matchLines(_ lines: DocumentLines, isFirst: Bool, isLast: Bool, context: DocumentContext,
                            warnings: WarningLog?) {
        let n = lines.count
        matchedLines.removeAll(keepingCapacity: true)
        editRules.removeAll(keepingCapacity: true)
        matcher.matchLines(count: n, decisiveOnly: true, line: { lines[$0] }, position: {
            RuleMatcher.LinePosition(line: $0, of: n, isFirstWindow: isFirst, isLastWindow: isLast)
        }) { i, matched in
            if matcher.hasTimeOuts {
                for r in matcher.timedOut {
                    warnings?.warn("\(context.name):\(lines.lineNumbers[i]): rule \(matcher.set.rules[r].id): the regex hit its time limit; the rule was skipped on this line")
                }
            }
            guard !matched.isEmpty else { return }
            var record = MatchedLine(line: Int32(i), editStart: Int32(editRules.count), editEnd: 0)
            // In file order, so the first of each action is met first.
            for r in matched {
                switch matcher.actions[r] {
                case .keep: if record.keep < 0 { record.keep = Int32(r) }
                case .cutBefore: if record.cutBefore < 0 { record.cutBefore = Int32(r) }
                case .cutAfter: if record.cutAfter < 0 { record.cutAfter = Int32(r) }
                case .dropBlock: if record.dropBlock < 0 { record.dropBlock = Int32(r) }
                case .drop: if record.drop < 0 { record.drop = Int32(r) }
                case .strip, .replace: editRules.append(r)
                }
            }
            record.editEnd = Int32(editRules.count)
            matchedLines.append(record)
        }
    }

    /// The most lines a `drop-block` without `lines=` removes when no blank line comes.
    static let longestBlock = 50

    /// Applies `editing` (the line's `strip` and `replace` rules, in file order) and writes what
    /// is left (nothing, when no word is left).
    private func writeEdited(_ i: Int, _ line: UnsafeRawBufferPointer, rules editing: ArraySlice<Int>,
                             terminator: LineTerminator, lines: DocumentLines, context: DocumentContext,
                             writer: inout LineWriter, log: RemovalLog?) throws {
        let rules = matcher.set.rules
        current.removeAll()
        current.append(line)
        for r in editing {
            removed.removeAll()
            guard edit.apply(rule: r, of: matcher, to: current.bytes, into: edited, removed: removed) else { continue }
            countRemoval(r)
            try log?.record(Removal(document: context.name, line: lines.lineNumbers[i], rule: rules[r].id,
                                    action: rules[r].action.rawValue, text: removed.bytes))
            current.removeAll()
            current.append(edited.bytes)
        }
        matcher.keys.fold(current.base, count: current.count)
        if matcher.keys.wordCount > 0 { try writer.writeLine(current.bytes, terminator: terminator) }
    }
}
