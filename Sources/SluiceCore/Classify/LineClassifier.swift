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
        names.append("classifier")  // the decision of a classifier that does not explain
        return names
    }()

    public init(model: LineModel = .builtIn) {
        self.model = model
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
    static let batch = 8
    private let batchRows: UnsafeMutablePointer<UnsafePointer<Float>>
    private let batchNodes: UnsafeMutablePointer<Int32>
    private let batchRaw: UnsafeMutablePointer<Float>

    /// A stage's trees as one flat array of 24-byte nodes, feature columns resolved: the
    /// classifier's inner loop touches nothing else.
    private final class CompiledStage {
        struct Node {
            /// The column in a feature row, or -1 for a leaf.
            var column: Int32
            var cut: Float
            var left: Int32
            var right: Int32
            var value: Float
            /// The signal group of the split's feature.
            var group: Int32
        }
        let nodes: UnsafeMutablePointer<Node>
        let roots: [Int32]
        let base: Float

        init(_ stage: LineModel.Stage, groups: [Int32]) {
            let n = stage.feature.count
            nodes = .allocate(capacity: max(1, n))
            for i in 0..<n {
                let f = Int(stage.feature[i])
                if f < 0 {
                    // A leaf loops to itself, so that all rows can step in lockstep.
                    nodes[i] = Node(column: 0, cut: .infinity, left: Int32(i), right: Int32(i),
                                    value: stage.value[i], group: 0)
                } else {
                    nodes[i] = Node(column: Int32(stage.columns[f]), cut: stage.cut[i],
                                    left: stage.left[i], right: stage.right[i], value: stage.value[i],
                                    group: groups[f])
                }
            }
            roots = stage.roots
            base = stage.base
            // Each tree's depth: the steps from its root to its deepest leaf.
            var depths: [Int32] = []
            for (t, root) in stage.roots.enumerated() {
                let end = t + 1 < stage.roots.count ? Int(stage.roots[t + 1]) : n
                var depth = [Int32](repeating: 0, count: end - Int(root))
                for i in Int(root)..<end where stage.feature[i] >= 0 {
                    let d = depth[i - Int(root)] + 1
                    depth[Int(stage.left[i]) - Int(root)] = d
                    depth[Int(stage.right[i]) - Int(root)] = d
                }
                depths.append(depth.max() ?? 0)
            }
            self.depths = depths
        }

        /// Steps from each root to its deepest leaf.
        let depths: [Int32]

        deinit { nodes.deallocate() }
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
        evaluate(lines, stage: last, judging: judging) { i, d in decisions[i] = d }
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
                run(stage: compiled[k], count: pending.count)
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
        run(stage: compiled[k ?? compiled.count - 1], count: 1)
        return decision(batchRaw[0], credit: credit)
    }

    /// Sums the trees of `stage` for the `count` rows in `batchRows` into `batchRaw`, crediting
    /// each step to its feature's signal group in `credit` (a row of groups per batch row).
    private func run(stage: CompiledStage, count: Int) {
        let nodes = stage.nodes
        let groups = LineClassifier.signals.count
        let credit = self.credit, rows = self.batchRows, at = self.batchNodes, raw = self.batchRaw
        credit.update(repeating: 0, count: count * groups)
        for j in 0..<count { raw[j] = stage.base }
        for (t, root) in stage.roots.enumerated() {
            for j in 0..<count { at[j] = root }
            if explains {
                for _ in 0..<stage.depths[t] {
                    for j in 0..<count {
                        let node = nodes[Int(at[j])]
                        let next = rows[j][Int(node.column)] <= node.cut ? node.left : node.right
                        credit[j * groups + Int(node.group)] += nodes[Int(next)].value - node.value
                        at[j] = next
                    }
                }
            } else {
                for _ in 0..<stage.depths[t] {
                    for j in 0..<count {
                        let node = nodes[Int(at[j])]
                        at[j] = rows[j][Int(node.column)] <= node.cut ? node.left : node.right
                    }
                }
            }
            let rootValue = nodes[Int(root)].value
            for j in 0..<count {
                raw[j] += nodes[Int(at[j])].value
                credit[j * groups + 1] += rootValue
            }
        }
    }

    /// The decision for a raw score, and the group that pushed hardest towards it.
    private func decision(_ raw: Float, credit: UnsafeMutablePointer<Float>) -> LineDecision {
        let score = 1 / (1 + expf(-raw))
        let keep = score >= model.threshold
        guard explains else {
            return LineDecision(keep: keep, score: score, signalIndex: UInt8(LineClassifier.signals.count - 1))
        }
        var best = 1
        var bestCredit = credit[1]
        for g in 2..<LineClassifier.signals.count - 1 {
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
