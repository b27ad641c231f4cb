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

    /// The signal names a decision can give, by `LineDecision.signalIndex`.
    public static let signals: [String] = {
        var names = ["blank", "base"]
        for g in FeatureExtractor.groups where !names.contains(g) { names.append(g) }
        return names
    }()

    public init(model: LineModel = .builtIn) {
        self.model = model
        groupOfColumn = model.stages.map { stage in
            stage.columns.map { UInt8(LineClassifier.signals.firstIndex(of: FeatureExtractor.groups[$0])!) }
        }
    }

    private let groupOfColumn: [[UInt8]]
    private var scores: [Float] = []

    /// Fills `decisions` with one decision per line of `lines` (replacing what it held).
    public func classify(_ lines: DocumentLines, into decisions: inout [LineDecision]) {
        features.extract(lines)
        decisions.removeAll(keepingCapacity: true)
        let n = lines.count
        let width = FeatureExtractor.count
        let last = model.stages.count - 1
        for k in 0..<last {
            scores.removeAll(keepingCapacity: true)
            features.values.withUnsafeBufferPointer { all in
                for i in 0..<n {
                    scores.append(lines.isBlank(i) ? 0 : decide(all.baseAddress! + i * width, stage: k).score)
                }
            }
            features.fillScoreContext(scores: scores)
        }
        features.values.withUnsafeBufferPointer { all in
            for i in 0..<n {
                if lines.isBlank(i) {
                    decisions.append(LineDecision(keep: true, score: 1, signalIndex: 0))
                } else {
                    decisions.append(decide(all.baseAddress! + i * width, stage: last))
                }
            }
        }
    }

    /// The scores of the first stage alone, one per line (blank lines 0): what the trainer's
    /// second stage learns from (`sluice features --stage1`).
    public func firstStageScores(_ lines: DocumentLines) -> [Float] {
        features.extract(lines)
        let width = FeatureExtractor.count
        return features.values.withUnsafeBufferPointer { all in
            (0..<lines.count).map { lines.isBlank($0) ? 0 : decide(all.baseAddress! + $0 * width, stage: 0).score }
        }
    }

    /// The decision of stage `stage` (the last by default) for one row of
    /// `FeatureExtractor.count` feature values.
    public func decide(_ row: UnsafePointer<Float>, stage k: Int? = nil) -> LineDecision {
        let si = k ?? model.stages.count - 1
        let stage = model.stages[si]
        var raw = stage.base
        var credit = SIMD16<Float>()
        stage.feature.withUnsafeBufferPointer { feature in
        stage.cut.withUnsafeBufferPointer { cut in
        stage.left.withUnsafeBufferPointer { left in
        stage.right.withUnsafeBufferPointer { right in
        stage.value.withUnsafeBufferPointer { value in
        stage.columns.withUnsafeBufferPointer { columns in
        groupOfColumn[si].withUnsafeBufferPointer { groups in
            for root in stage.roots {
                var node = Int(root)
                while true {
                    let f = Int(feature[node])
                    if f < 0 { break }
                    let next = row[columns[f]] <= cut[node] ? Int(left[node]) : Int(right[node])
                    credit[Int(groups[f])] += value[next] - value[node]
                    node = next
                }
                raw += value[node]
                credit[1] += value[Int(root)]
            }
        }}}}}}}
        let score = 1 / (1 + expf(-raw))
        let keep = score >= model.threshold
        // The group that pushed hardest towards the decision.
        var best = 1
        var bestCredit: Float = keep ? -.infinity : .infinity
        for g in 1..<LineClassifier.signals.count {
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
