/// A trained line model: a boosted ensemble of small regression trees over the features of
/// `FeatureExtractor`, read from the plain-text format that `scripts/train-line-model.py`
/// writes (`rules/line-model.txt`; the format is in `docs/CLASSIFIER.md`).
///
///     # comments and blank lines are ignored
///     sluice-line-model 1
///     features stop_density words_log
///     threshold 0.5
///     base -0.25
///     tree
///     split 0 0 0.3 1 2 -0.25     # node id, feature (index into `features`), threshold, left (<=), right, value
///     leaf 1 -1.2
///     leaf 2 0.9
///
/// The score of a line is `sigmoid(base + Σ leaf values)`; the line is kept when the score is at
/// least `threshold`. `LineModel.builtIn` is the model compiled into sluice.
public struct LineModel: Sendable {
    /// The feature columns (into `FeatureExtractor.names`) the model's trees use, by model index.
    public let columns: [Int]
    /// The score at or above which a line is kept.
    public var threshold: Float
    /// The raw score before any tree.
    public let base: Float
    /// The number of trees.
    public let treeCount: Int
    // Flat node arrays; a node with `feature < 0` is a leaf.
    let roots: [Int32]
    let feature: [Int32]
    let cut: [Float]
    let left: [Int32]
    let right: [Int32]
    let value: [Float]

    /// An error in a model file, with its 1-based line number.
    public struct FormatError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var message: String
        public var description: String { "line model, line \(line): \(message)" }
    }

    /// Parses a model file's text.
    public init(text: String) throws {
        var columns: [Int] = []
        var threshold: Float = 0.5
        var base: Float = 0
        var roots: [Int32] = []
        var feature: [Int32] = [], cut: [Float] = [], left: [Int32] = [], right: [Int32] = []
        var value: [Float] = []
        var sawHeader = false
        var treeStart = 0
        var treeNodes = 0

        func fail(_ n: Int, _ m: String) -> FormatError { FormatError(line: n, message: m) }

        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = k + 1
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let head = fields.first else { continue }
            if !sawHeader {
                guard head == "sluice-line-model", fields.count == 2, fields[1] == "1" else {
                    throw fail(n, "expected the header `sluice-line-model 1`")
                }
                sawHeader = true
                continue
            }
            switch head {
            case "features":
                for name in fields.dropFirst() {
                    guard let c = FeatureExtractor.names.firstIndex(of: String(name)) else {
                        throw fail(n, "unknown feature `\(name)`")
                    }
                    columns.append(c)
                }
            case "threshold", "base":
                guard fields.count == 2, let v = Float(fields[1]) else { throw fail(n, "expected `\(head) NUMBER`") }
                if head == "threshold" { threshold = v } else { base = v }
            case "tree":
                if treeNodes == 0 && !roots.isEmpty { throw fail(n, "empty tree") }
                treeStart = feature.count
                treeNodes = 0
                roots.append(Int32(treeStart))
            case "split", "leaf":
                guard !roots.isEmpty else { throw fail(n, "a node before the first `tree`") }
                let isSplit = head == "split"
                guard fields.count == (isSplit ? 7 : 3), let id = Int(fields[1]), id == treeNodes else {
                    throw fail(n, isSplit ? "expected `split ID FEATURE THRESHOLD LEFT RIGHT VALUE` with ids in order"
                                          : "expected `leaf ID VALUE` with ids in order")
                }
                if isSplit {
                    guard let f = Int(fields[2]), f >= 0, f < columns.count, let t = Float(fields[3]),
                          let l = Int(fields[4]), let r = Int(fields[5]), l > id, r > id, let v = Float(fields[6])
                    else { throw fail(n, "bad split") }
                    feature.append(Int32(f)); cut.append(t)
                    left.append(Int32(treeStart + l)); right.append(Int32(treeStart + r)); value.append(v)
                } else {
                    guard let v = Float(fields[2]) else { throw fail(n, "bad leaf value") }
                    feature.append(-1); cut.append(0); left.append(-1); right.append(-1); value.append(v)
                }
                treeNodes += 1
            default:
                throw fail(n, "unknown directive `\(head)`")
            }
        }
        guard sawHeader else { throw fail(1, "empty model") }
        // Every child must exist inside the arrays.
        for i in 0..<feature.count where feature[i] >= 0 {
            guard Int(left[i]) < feature.count, Int(right[i]) < feature.count else {
                throw fail(0, "a split points past the last node")
            }
        }
        self.columns = columns
        self.threshold = threshold
        self.base = base
        self.roots = roots
        self.feature = feature
        self.cut = cut
        self.left = left
        self.right = right
        self.value = value
        self.treeCount = roots.count
    }

    /// The model compiled into sluice (`rules/line-model.txt`).
    public static let builtIn: LineModel = {
        do { return try LineModel(text: builtInLineModelText) } catch {
            fatalError("the built-in line model does not load: \(error)")
        }
    }()
}
