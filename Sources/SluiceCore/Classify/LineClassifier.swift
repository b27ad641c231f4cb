/// Decides, for every line of a document, whether it is content or noise: computes the
/// features (`FeatureExtractor`), runs the model (`LineModel`) on each non-blank line, and
/// names the signal that decided, for `--explain`.
///
/// The deciding signal is the feature group whose features moved the score most in the
/// direction of the decision (each tree's step from node to child is credited to the split's
/// feature, as in Saabas' tree interpretation).
///
///     let classifier = LineClassifier()               // the built-in model
///     var decisions: [LineDecision] = []
///     classifier.classify(lines, into: &decisions)    // one per line of `lines`
///     decisions[7].keep        // false
///     decisions[7].explanation // "dropped by classifier: score 0.12 (link-list run)"
///
/// Blank lines are always kept (signal `blank`): they only separate blocks. A classifier
/// keeps buffers between documents; use one per thread.
public final class LineClassifier {
    /// The model in use.
    public let model: LineModel
    /// The features of the last document classified.
    public let features = FeatureExtractor()
    /// Whether decisions name their deciding signal. Off, classification is about a fifth
    /// faster and every decision's signal is `classifier`; turn it on for `--explain`.
    public var explains = true

    /// The signal names a decision can give, by `LineDecision.signalIndex`.
    public static let signals: [String] = {
        var names = ["blank", "base"]
        for g in FeatureExtractor.groups where !names.contains(g) { names.append(g) }
        names.append("neighbours")  // turned by the model's `smooth` or `fill` (docs/CLASSIFIER.md)
        names.append("region fallback")  // kept by the model's `fallback`
        names.append("title")  // kept by the model's `title`
        names.append("classifier")  // the decision of a classifier that does not explain
        return names
    }()

    /// The signals of a decision the neighbours turned, of one the fallback turned, of a title
    /// line kept, and of any decision when the classifier does not explain; the feature groups
    /// come before them.
    private static let neighboursSignal = UInt8(signals.count - 4)
    private static let fallbackSignal = UInt8(signals.count - 3)
    private static let titleSignal = UInt8(signals.count - 2)
    private static let unexplainedSignal = UInt8(signals.count - 1)

    public init(model: LineModel = .builtIn) {
        self.model = model
        features.lexicon = model.lexicon
        compiled = model.stages.map { stage in
            let groups = stage.columns.map {
                Int32(LineClassifier.signals.firstIndex(of: FeatureExtractor.groups[$0])!)
            }
            return CompiledStage(stage, groups: groups)
        }
        credit = .allocate(capacity: LineClassifier.batch * LineClassifier.signals.count)
        batchRows = .allocate(capacity: LineClassifier.batch)
        batchNodes = .allocate(capacity: LineClassifier.batch)
        batchRaw = .allocate(capacity: LineClassifier.batch)
    }

    deinit {
        credit.deallocate()
        batchRows.deallocate()
        batchNodes.deallocate()
        batchRaw.deallocate()
    }

    /// Lines evaluated together: their walks down each tree overlap in the CPU.
    static let batch = 16
    private let batchRows: UnsafeMutablePointer<UnsafePointer<Float>>
    private let batchNodes: UnsafeMutablePointer<Int32>
    private let batchRaw: UnsafeMutablePointer<Float>

    /// A stage's trees, each padded to a complete binary tree of its depth and stored in heap
    /// order (the children of split `h` are `2h + 1` and `2h + 2`), so that a step down is one
    /// load of an 8-byte split and no pointer: the classifier's inner loop touches nothing else.
    /// A leaf of the trained tree above the full depth becomes splits that pass everything left
    /// and leaves that all hold its value.
    private final class CompiledStage {
        struct Split {
            /// The column in a feature row.
            var column: Int32
            /// Rows whose value is at most `cut` go left.
            var cut: Float
        }
        struct Tree {
            /// Steps from the root to a leaf.
            var depth: Int32
            /// The index of the root in `splits` and `values`; its leaves follow its
            /// `2^depth - 1` splits in `values`.
            var start: Int32
        }
        let trees: [Tree]
        let splits: UnsafeMutablePointer<Split>
        /// The node values, splits and leaves of each tree in heap order (leaves are summed;
        /// splits' values serve the explanation).
        let values: UnsafeMutablePointer<Float>
        /// The signal group of each split's feature (0 for the padding).
        let groups: UnsafeMutablePointer<Int32>
        let base: Float
        /// For early exits: the largest and the smallest sum the trees from `t` on can still
        /// add (`count + 1` entries, the last 0).
        let maxAfter: [Float]
        let minAfter: [Float]

        init(_ stage: LineModel.Stage, groups featureGroups: [Int32]) {
            let n = stage.feature.count
            var trees: [Tree] = []
            var total = 0
            for (t, root) in stage.roots.enumerated() {
                let end = t + 1 < stage.roots.count ? Int(stage.roots[t + 1]) : n
                var depth = [Int32](repeating: 0, count: end - Int(root))
                for i in Int(root)..<end where stage.feature[i] >= 0 {
                    let d = depth[i - Int(root)] + 1
                    depth[Int(stage.left[i]) - Int(root)] = d
                    depth[Int(stage.right[i]) - Int(root)] = d
                }
                let treeDepth = depth.max() ?? 0
                trees.append(Tree(depth: treeDepth, start: Int32(total)))
                total += (1 << (Int(treeDepth) + 1)) - 1
            }
            self.trees = trees
            splits = .allocate(capacity: max(1, total))
            values = .allocate(capacity: max(1, total))
            groups = .allocate(capacity: max(1, total))
            splits.initialize(repeating: Split(column: 0, cut: .infinity), count: max(1, total))
            values.initialize(repeating: 0, count: max(1, total))
            groups.initialize(repeating: 0, count: max(1, total))
            var maxAfter = [Float](repeating: 0, count: trees.count + 1)
            var minAfter = [Float](repeating: 0, count: trees.count + 1)
            var treeMax = [Float](repeating: 0, count: trees.count)
            var treeMin = [Float](repeating: 0, count: trees.count)
            for (t, tree) in trees.enumerated() {
                let start = Int(tree.start)
                let firstLeaf = (1 << Int(tree.depth)) - 1
                treeMax[t] = -.infinity
                treeMin[t] = .infinity
                // (heap position, model node); a model leaf fills its whole heap subtree.
                var stack: [(Int, Int)] = [(0, Int(stage.roots[t]))]
                while let (h, i) = stack.popLast() {
                    values[start + h] = stage.value[i]
                    let f = Int(stage.feature[i])
                    if h >= firstLeaf {
                        treeMax[t] = max(treeMax[t], stage.value[i])
                        treeMin[t] = min(treeMin[t], stage.value[i])
                    } else if f < 0 {
                        stack.append((2 * h + 1, i))
                        stack.append((2 * h + 2, i))
                    } else {
                        splits[start + h] = Split(column: Int32(stage.columns[f]), cut: stage.cut[i])
                        groups[start + h] = featureGroups[f]
                        stack.append((2 * h + 1, Int(stage.left[i])))
                        stack.append((2 * h + 2, Int(stage.right[i])))
                    }
                }
            }
            for t in stride(from: trees.count - 1, through: 0, by: -1) {
                maxAfter[t] = maxAfter[t + 1] + treeMax[t]
                minAfter[t] = minAfter[t + 1] + treeMin[t]
            }
            self.maxAfter = maxAfter
            self.minAfter = minAfter
            base = stage.base
        }

        deinit {
            splits.deallocate()
            values.deallocate()
            groups.deallocate()
        }
    }

    private let compiled: [CompiledStage]
    private let credit: UnsafeMutablePointer<Float>
    private var scores: [Float] = []

    /// Fills `decisions` with one decision per line of `lines` (replacing what it held).
    /// - Parameter judging: when given, only the lines it accepts are run through the (last
    ///   stage's) trees; the others are kept with score 1 (the rules have decided them already).
    ///   Features still see every line.
    public func classify(_ lines: DocumentLines, into decisions: inout [LineDecision],
                         judging: ((Int) -> Bool)? = nil) {
        features.extract(lines)
        decisions.removeAll(keepingCapacity: true)
        let n = lines.count
        let last = model.stages.count - 1
        for k in 0..<last {
            scores.removeAll(keepingCapacity: true)
            scores.append(contentsOf: repeatElement(0, count: n))
            evaluate(lines, stage: k) { i, d in scores[i] = d.score }
            features.fillScoreContext(scores: scores)
        }
        decisions.append(contentsOf: repeatElement(LineDecision(keep: true, score: 1, signalIndex: 0), count: n))
        judged.removeAll(keepingCapacity: true)
        evaluate(lines, stage: last, judging: judging) { i, d in decisions[i] = d; judged.append(i) }
        if model.smoothing > 0 || model.fillLines > 0 { applyNeighbours(lines, &decisions) }
        if model.fallbackShare > 0 { applyFallback(&decisions) }
        if model.titleFloor > 0 { applyTitle(lines, &decisions) }
    }

    /// The words a title line has, at least and at most (`FeatureExtractor.words(line:)`).
    static let titleWords = 4...25

    /// The model's `title`: the judged line just above the first kept one, with nothing or one
    /// blank line between them (no line the rules removed), is the article's title when it has
    /// `titleWords` words and its (smoothed) score is at least `titleFloor`; it is kept, naming
    /// the signal `title`. Pages' titles sit apart from their text, which the model learned
    /// (annotated article bodies leave the headline out), but a title belongs to the text.
    private func applyTitle(_ lines: DocumentLines, _ decisions: inout [LineDecision]) {
        guard let k = judged.firstIndex(where: { decisions[$0].keep }), k > 0 else { return }
        let title = judged[k - 1], first = judged[k]
        guard first - title <= 2, first - title == 1 || lines.isBlank(title + 1),
              LineClassifier.titleWords.contains(features.words(line: title)),
              decisions[title].score >= model.titleFloor else { return }
        decisions[title].keep = true
        decisions[title].signalIndex = explains ? LineClassifier.titleSignal : LineClassifier.unexplainedSignal
    }

    /// The model's `fallback`: when the kept judged lines hold at most `fallbackShare` of the
    /// judged lines' words, the model has not read the page (a lone paragraph under an archive,
    /// an article that is one long list), and every judged line of the main region (the dense
    /// run of prose, `in_main`) is kept too, naming the signal `region fallback`. A page of
    /// menus alone has no prose, hence no main region, and stays empty.
    private func applyFallback(_ decisions: inout [LineDecision]) {
        var total = 0, kept = 0
        for i in judged {
            let words = features.words(line: i)
            total += words
            if decisions[i].keep { kept += words }
        }
        guard total > 0, Float(kept) <= model.fallbackShare * Float(total) else { return }
        let signal = explains ? LineClassifier.fallbackSignal : LineClassifier.unexplainedSignal
        for i in judged where !decisions[i].keep && features.value(line: i, .inMain) > 0 {
            decisions[i].keep = true
            decisions[i].signalIndex = signal
        }
    }

    /// The judged text lines of the last document, in order, their own scores, and whether a
    /// blank line stands between each and the judged line before it (the first: true).
    private var judged: [Int] = []
    private var own: [Float] = []
    private var startsBlock: [Bool] = []

    /// The model's `smooth` and `fill` over the judged text lines (in order, unjudged lines
    /// skipped): the score that decides is `(1 - A) × own + A × (previous + next) / 2`, where a
    /// neighbour in another block (any blank line of the document between the two, even when
    /// lines the rules removed stand between them) or past either end counts as the line
    /// itself; then runs of at most `fillLines` dropped lines between kept ones (blank lines
    /// no boundary) whose scores all reach `fillFloor` are kept. A decision these turn names
    /// the signal `neighbours`.
    private func applyNeighbours(_ lines: DocumentLines, _ decisions: inout [LineDecision]) {
        let m = judged.count
        guard m > 0 else { return }
        let neighbours = explains ? LineClassifier.neighboursSignal : LineClassifier.unexplainedSignal
        let a = model.smoothing, threshold = model.threshold
        if a > 0 {
            own.removeAll(keepingCapacity: true)
            startsBlock.removeAll(keepingCapacity: true)
            var after = 0  // the first line after the previous judged line
            for i in judged {
                own.append(decisions[i].score)
                var blank = after == 0
                var j = after
                while j < i && !blank { blank = lines.isBlank(j); j += 1 }
                startsBlock.append(blank)
                after = i + 1
            }
            for k in 0..<m {
                let previous = startsBlock[k] ? own[k] : own[k - 1]
                let next = k + 1 < m && !startsBlock[k + 1] ? own[k + 1] : own[k]
                let score = (1 - a) * own[k] + a * ((previous + next) / 2)
                let keep = score >= threshold
                if keep != decisions[judged[k]].keep { decisions[judged[k]].signalIndex = neighbours }
                decisions[judged[k]].keep = keep
                decisions[judged[k]].score = score
            }
        }
        let longest = model.fillLines
        guard longest > 0 else { return }
        var k = 0
        while k < m {
            if decisions[judged[k]].keep { k += 1; continue }
            var e = k
            while e < m && !decisions[judged[e]].keep { e += 1 }
            if k > 0 && e < m && e - k <= longest {
                var all = true
                for j in k..<e where decisions[judged[j]].score < model.fillFloor { all = false; break }
                if all {
                    for j in k..<e { decisions[judged[j]].keep = true; decisions[judged[j]].signalIndex = neighbours }
                }
            }
            k = e
        }
    }

    /// The scores of the first stage alone, one per line (blank lines 0): what the trainer's
    /// second stage learns from (`sluice features --stage1`).
    public func firstStageScores(_ lines: DocumentLines) -> [Float] {
        features.extract(lines)
        var out = [Float](repeating: 0, count: lines.count)
        evaluate(lines, stage: 0) { i, d in out[i] = d.score }
        return out
    }

    /// Runs stage `k` on every text line of the last extracted document, a batch at a time.
    private func evaluate(_ lines: DocumentLines, stage k: Int, judging: ((Int) -> Bool)? = nil,
                          _ result: (Int, LineDecision) -> Void) {
        let width = FeatureExtractor.count
        features.values.withUnsafeBufferPointer { all in
            var pending: [Int] = []
            pending.reserveCapacity(LineClassifier.batch)
            func flush() {
                for (j, i) in pending.enumerated() { batchRows[j] = all.baseAddress! + i * width }
                run(stage: compiled[k], count: pending.count, final: k == compiled.count - 1)
                for (j, i) in pending.enumerated() { result(i, decision(batchRaw[j], credit: credit + j * LineClassifier.signals.count)) }
                pending.removeAll(keepingCapacity: true)
            }
            for i in 0..<lines.count where !lines.isBlank(i) && judging?(i) != false {
                pending.append(i)
                if pending.count == LineClassifier.batch { flush() }
            }
            if !pending.isEmpty { flush() }
        }
    }

    /// The decision of stage `stage` (the last by default) for one row of
    /// `FeatureExtractor.count` feature values.
    public func decide(_ row: UnsafePointer<Float>, stage k: Int? = nil) -> LineDecision {
        batchRows[0] = row
        let stage = k ?? compiled.count - 1
        run(stage: compiled[stage], count: 1, final: stage == compiled.count - 1)
        return decision(batchRaw[0], credit: credit)
    }

    /// Sums the trees of `stage` for the `count` rows in `batchRows` into `batchRaw`. With
    /// `explains`, credits each step to its feature's signal group in `credit` (a row of groups
    /// per batch row); without, stops as soon as the remaining trees can no longer move any of
    /// the rows across the threshold (the decisions stay exact; the scores are then partial
    /// sums, on the right side of the threshold). A model that smooths or fills never stops early.
    private func run(stage: CompiledStage, count: Int, final: Bool) {
        let splits = stage.splits, values = stage.values
        let groups = LineClassifier.signals.count
        let credit = self.credit, rows = self.batchRows, at = self.batchNodes, raw = self.batchRaw
        credit.update(repeating: 0, count: count * groups)
        for j in 0..<count { raw[j] = stage.base }
        // The threshold as a raw score, with a margin for rounding: past it on either side by
        // more than the remaining trees can add, a row's decision is made.
        let cut = logf(model.threshold / (1 - model.threshold))
        let margin: Float = 1e-3
        // (Smoothing and filling read the neighbours' exact scores: no early exit then.)
        let exits = final && !explains && model.threshold > 0 && model.threshold < 1
            && model.smoothing == 0 && model.fillLines == 0
        for (t, tree) in stage.trees.enumerated() {
            let start = Int(tree.start)
            let sp = splits + start
            for j in 0..<count { at[j] = 0 }
            if explains {
                let value = values + start, group = stage.groups + start
                for _ in 0..<tree.depth {
                    for j in 0..<count {
                        let h = Int(at[j])
                        let split = sp[h]
                        let next = 2 * h + (rows[j][Int(split.column)] <= split.cut ? 1 : 2)
                        credit[j * groups + Int(group[h])] += value[next] - value[h]
                        at[j] = Int32(truncatingIfNeeded: next)
                    }
                }
                for j in 0..<count { credit[j * groups + 1] += value[0] }
            } else {
                for _ in 0..<tree.depth {
                    for j in 0..<count {
                        let h = Int(at[j])
                        let split = sp[h]
                        at[j] = Int32(truncatingIfNeeded: 2 * h + (rows[j][Int(split.column)] <= split.cut ? 1 : 2))
                    }
                }
            }
            let leaves = values + start
            for j in 0..<count { raw[j] += leaves[Int(at[j])] }
            if exits && t & 7 == 7 {
                let most = stage.maxAfter[t + 1] + margin, least = stage.minAfter[t + 1] - margin
                var open = false
                for j in 0..<count where raw[j] + most >= cut && raw[j] + least < cut { open = true }
                if !open { return }
            }
        }
    }

    /// The decision for a raw score, and the group that pushed hardest towards it.
    private func decision(_ raw: Float, credit: UnsafeMutablePointer<Float>) -> LineDecision {
        let score = 1 / (1 + expf(-raw))
        let keep = score >= model.threshold
        guard explains else {
            return LineDecision(keep: keep, score: score, signalIndex: LineClassifier.unexplainedSignal)
        }
        var best = 1
        var bestCredit = credit[1]
        for g in 2..<Int(LineClassifier.neighboursSignal) {
            let c = credit[g]
            if keep ? c > bestCredit : c < bestCredit { best = g; bestCredit = c }
        }
        return LineDecision(keep: keep, score: score, signalIndex: UInt8(best))
    }
}

/// The classifier's verdict on one line.
public struct LineDecision: Sendable, Equatable {
    /// Keep the line (content) or drop it (noise).
    public var keep: Bool
    /// The model's probability that the line is content, in 0...1.
    public var score: Float
    /// The deciding signal, an index into `LineClassifier.signals`.
    public var signalIndex: UInt8

    public init(keep: Bool, score: Float, signalIndex: UInt8) {
        self.keep = keep
        self.score = score
        self.signalIndex = signalIndex
    }

    /// The deciding signal's name, e.g. `link-list run`.
    public var signal: String { LineClassifier.signals[Int(signalIndex)] }

    /// `dropped by classifier: score 0.12 (link-list run)`, for `--explain`.
    public var explanation: String {
        let rounded = (score * 100).rounded() / 100
        return "\(keep ? "kept" : "dropped") by classifier: score \(rounded) (\(signal))"
    }
}

// (Imported last, so that the file opens with its documentation.)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
