/// A trained line model: one or two stages, each a boosted ensemble of small regression trees
/// over the features of `FeatureExtractor`, read from the plain-text format that
/// `scripts/train-line-model.py` writes (`rules/line-model.txt`; the format is in
/// `docs/CLASSIFIER.md`).
///
///     # comments and blank lines are ignored
///     sluice-line-model 1
///     threshold 0.5
///     smooth 0.2                  # optional: the neighbours' weight in the deciding score
///     fill 5 0.1                  # optional: keep gaps of up to 5 dropped lines scoring >= 0.1
///     fallback 0.1                # optional: keep the main region when at most 10% of the words are kept
///     title 0.3                   # optional: keep the title line above the first kept line when it scores >= 0.3
///     stage
///     features stop_density words_log
///     base -0.25
///     tree
///     split 0 0 0.3 1 2 -0.25     # node id, feature (index into `features`), threshold, left (<=), right, value
///     leaf 1 -1.2
///     leaf 2 0.9
///     word 3.53 privacy           # optional: a word's noise score for the lexicon features
///
/// A stage's score for a line is `sigmoid(base + Σ leaf values)`. A second stage also sees the
/// first stage's scores through the score-context features (`s_self`, `s_between`, …). The
/// last stage's score decides: the line is kept when it is at least `threshold`. With
/// `smooth A`, the score that decides is `(1 - A) × own + A × (previous + next) / 2` over the
/// judged text lines (a neighbour across a blank line, or a missing one, counts as the line
/// itself: the smoothing stays inside a block); with `fill K FLOOR`, a run of at most `K`
/// dropped text lines between two kept ones is kept when each of its (smoothed) scores is at
/// least `FLOOR`; with `fallback SHARE`, a document whose kept lines hold at most `SHARE` of
/// its judged words keeps the judged lines of its main region too (the model failed to read
/// the page; the dense run of prose is the article); with `title FLOOR`, the judged line just
/// above the first kept one (nothing or one blank line between them) is kept when it has 4 to
/// 25 words and its (smoothed) score is at least `FLOOR`: the article's title. The `word`
/// lines make the model's `lexicon` (`LineLexicon`): each word (lowercase, as `LineScan`
/// hashes it) with its noise score; the lexicon features of every stage use it.
/// `LineModel.builtIn` is the model compiled into sluice.
public struct LineModel: Sendable {
    /// One ensemble of trees.
    public struct Stage: Sendable {
        /// The feature columns (into `FeatureExtractor.names`) the trees use, by model index.
        public internal(set) var columns: [Int] = []
        /// The raw score before any tree.
        public internal(set) var base: Float = 0
        // Flat node arrays; a node with `feature < 0` is a leaf.
        var roots: [Int32] = []
        var feature: [Int32] = []
        var cut: [Float] = []
        var left: [Int32] = []
        var right: [Int32] = []
        var value: [Float] = []
        /// The number of trees.
        public var treeCount: Int { roots.count }
    }

    /// The stages, applied in order.
    public let stages: [Stage]
    /// The score at or above which a line is kept.
    public var threshold: Float
    /// The weight of the neighbours' mean score in the score that decides (0: off).
    public var smoothing: Float = 0
    /// The longest run of dropped lines between kept ones that is kept (0: off), when every
    /// line of the run scores at least `fillFloor`.
    public var fillLines = 0
    public var fillFloor: Float = 1
    /// The share of a document's judged words at or under which its main region is kept
    /// whatever the scores (0: off).
    public var fallbackShare: Float = 0
    /// The score at or above which the title line is kept (`LineClassifier`'s title rule; 0: off).
    public var titleFloor: Float = 0
    /// The words' noise scores (`word` lines) behind the lexicon features; empty without them.
    public var lexicon = LineLexicon.empty

    /// An error in a model file, with its 1-based line number.
    public struct FormatError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var message: String
        public var description: String { "line model, line \(line): \(message)" }
    }

    /// Parses a model file's text. The parse reads bytes (no `String` per line or field): the
    /// built-in model, some 10,000 lines, is parsed at every start of `--mode classify`.
    /// - Parameter requireTrees: false accepts a file without trees (a lexicon alone, for
    ///   `sluice features --lexicon`).
    public init(text: String, requireTrees: Bool = true) throws {
        var text = text
        var settings = Settings()
        var lexicon = LineLexicon()
        let stages = try text.withUTF8 {
            try LineModel.parse($0, settings: &settings, lexicon: &lexicon, requireTrees: requireTrees)
        }
        self.stages = stages
        self.threshold = settings.threshold
        self.smoothing = settings.smoothing
        self.fillLines = settings.fillLines
        self.fillFloor = settings.fillFloor
        self.fallbackShare = settings.fallbackShare
        self.titleFloor = settings.titleFloor
        self.lexicon = lexicon
    }

    /// The decision settings a model file may give (`threshold`, `smooth`, `fill`,
    /// `fallback`, `title`), with their defaults.
    private struct Settings {
        var threshold: Float = 0.5
        var smoothing: Float = 0
        var fillLines = 0
        var fillFloor: Float = 1
        var fallbackShare: Float = 0
        var titleFloor: Float = 0
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>, settings: inout Settings, lexicon: inout LineLexicon,
                              requireTrees: Bool) throws -> [Stage] {
        var stages: [Stage] = []
        var sawHeader = false
        var treeStart = 0
        var treeNodes = 0
        var fields: [Range<Int>] = []
        var number: [CChar] = []

        func fail(_ n: Int, _ m: String) -> FormatError { FormatError(line: n, message: m) }
        func string(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: text[r]), as: UTF8.self) }
        func equals(_ r: Range<Int>, _ word: StaticString) -> Bool {
            guard r.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for k in 0..<r.count where text[r.lowerBound + k] != w[k] { return false }
            return true
        }
        func int(_ r: Range<Int>) -> Int? {
            var k = r.lowerBound
            var negative = false
            if k < r.upperBound && (text[k] == 0x2B || text[k] == 0x2D) { negative = text[k] == 0x2D; k += 1 }
            guard k < r.upperBound, r.count <= 18 else { return nil }
            var v = 0
            while k < r.upperBound {
                let d = Int(text[k]) - 0x30
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
                k += 1
            }
            return negative ? -v : v
        }
        func float(_ r: Range<Int>) -> Float? {
            // strtof rounds correctly, as Float(String) does; the whole field must be the number.
            guard !r.isEmpty, r.count < 64 else { return nil }
            number.removeAll(keepingCapacity: true)
            for k in r { number.append(CChar(bitPattern: text[k])) }
            number.append(0)
            return number.withUnsafeBufferPointer { p -> Float? in
                var end: UnsafeMutablePointer<CChar>? = nil
                let v = strtof(p.baseAddress!, &end)
                return end == UnsafeMutablePointer(mutating: p.baseAddress! + r.count) ? v : nil
            }
        }

        /// The one number in 0...1 of a line `usage` (`smooth WEIGHT`, `fallback SHARE`, `title FLOOR`).
        func fraction(_ n: Int, _ usage: String, _ what: String) throws -> Float {
            guard fields.count == 2, let v = float(fields[1]), v >= 0, v <= 1 else {
                throw fail(n, "expected `\(usage)` with a \(what) in 0...1")
            }
            return v
        }

        /// The directives that give one number in 0...1: the word, its usage, what the number is,
        /// and the setting it fills.
        let fractionDirectives: [(name: StaticString, usage: String, what: String, setting: WritableKeyPath<Settings, Float>)] = [
            ("smooth", "smooth WEIGHT", "weight", \.smoothing),
            ("fallback", "fallback SHARE", "share", \.fallbackShare),
            ("title", "title FLOOR", "floor", \.titleFloor),
        ]

        var n = 0
        try text.forEachLineRange { line in
            let (lineStart, lineEnd) = (line.lowerBound, line.upperBound)
            n += 1
            // Fields: separated by spaces, tabs (and a carriage return), up to a `#`.
            fields.removeAll(keepingCapacity: true)
            var k = lineStart
            while k < lineEnd && text[k] != 0x23 {
                if text[k] == 0x20 || text[k] == 0x09 || text[k] == 0x0D { k += 1; continue }
                let fieldStart = k
                while k < lineEnd && text[k] != 0x20 && text[k] != 0x09 && text[k] != 0x0D && text[k] != 0x23 { k += 1 }
                fields.append(fieldStart..<k)
            }
            guard let head = fields.first else { return }
            if !sawHeader {
                guard equals(head, "sluice-line-model"), fields.count == 2, equals(fields[1], "1") else {
                    throw fail(n, "expected the header `sluice-line-model 1`")
                }
                sawHeader = true
                return
            }
            if equals(head, "threshold") {
                guard fields.count == 2, let v = float(fields[1]) else { throw fail(n, "expected `threshold NUMBER`") }
                settings.threshold = v
                return
            }
            for d in fractionDirectives where equals(head, d.name) {
                settings[keyPath: d.setting] = try fraction(n, d.usage, d.what)
                return
            }
            if equals(head, "fill") {
                guard fields.count == 3, let k = int(fields[1]), k >= 0, k <= 1000, let v = float(fields[2]) else {
                    throw fail(n, "expected `fill LINES FLOOR`")
                }
                settings.fillLines = k
                settings.fillFloor = v
                return
            }
            if equals(head, "word") {
                guard fields.count == 3, let v = float(fields[1]), v.isFinite else {
                    throw fail(n, "expected `word SCORE WORD`")
                }
                lexicon.add(hash: StopwordTable.hash(ofUTF8: UnsafeBufferPointer(rebasing: text[fields[2]])), score: v)
                return
            }
            if equals(head, "stage") {
                if let last = stages.last, last.roots.isEmpty { throw fail(n, "a stage without trees") }
                stages.append(Stage())
                return
            }
            if stages.isEmpty { stages.append(Stage()) }  // a one-stage file may omit `stage`
            let si = stages.count - 1
            let isSplit = equals(head, "split")
            if isSplit || equals(head, "leaf") {
                guard !stages[si].roots.isEmpty else { throw fail(n, "a node before the first `tree`") }
                guard fields.count == (isSplit ? 7 : 3), let id = int(fields[1]), id == treeNodes else {
                    throw fail(n, isSplit ? "expected `split ID FEATURE THRESHOLD LEFT RIGHT VALUE` with ids in order"
                                          : "expected `leaf ID VALUE` with ids in order")
                }
                if isSplit {
                    guard let f = int(fields[2]), f >= 0, f < stages[si].columns.count, let t = float(fields[3]),
                          let l = int(fields[4]), let r = int(fields[5]), l > id, r > id, let v = float(fields[6])
                    else { throw fail(n, "bad split") }
                    stages[si].feature.append(Int32(f)); stages[si].cut.append(t)
                    stages[si].left.append(Int32(treeStart + l)); stages[si].right.append(Int32(treeStart + r))
                    stages[si].value.append(v)
                } else {
                    guard let v = float(fields[2]) else { throw fail(n, "bad leaf value") }
                    stages[si].feature.append(-1); stages[si].cut.append(0); stages[si].left.append(-1)
                    stages[si].right.append(-1); stages[si].value.append(v)
                }
                treeNodes += 1
            } else if equals(head, "tree") {
                if treeNodes == 0 && !stages[si].roots.isEmpty { throw fail(n, "empty tree") }
                treeStart = stages[si].feature.count
                treeNodes = 0
                stages[si].roots.append(Int32(treeStart))
            } else if equals(head, "features") {
                for field in fields.dropFirst() {
                    let name = string(field)
                    guard let c = FeatureExtractor.names.firstIndex(of: name) else {
                        throw fail(n, "unknown feature `\(name)`")
                    }
                    if si == 0 && c >= FeatureExtractor.firstScoreColumn {
                        throw fail(n, "the first stage cannot use the score context (`\(name)`)")
                    }
                    stages[si].columns.append(c)
                }
            } else if equals(head, "base") {
                guard fields.count == 2, let v = float(fields[1]) else { throw fail(n, "expected `base NUMBER`") }
                stages[si].base = v
            } else {
                throw fail(n, "unknown directive `\(string(head))`")
            }
        }
        guard sawHeader else { throw fail(1, "empty model") }
        if !requireTrees && stages.isEmpty { return [] }
        guard !stages.isEmpty, !stages.contains(where: { $0.roots.isEmpty }) else { throw fail(0, "a model needs trees") }
        // Every child must exist inside its stage.
        for stage in stages {
            for i in 0..<stage.feature.count where stage.feature[i] >= 0 {
                guard Int(stage.left[i]) < stage.feature.count, Int(stage.right[i]) < stage.feature.count else {
                    throw fail(0, "a split points past the last node")
                }
            }
        }
        return stages
    }

    /// The model compiled into sluice (`rules/line-model.txt`).
    public static let builtIn: LineModel = {
        do { return try LineModel(text: builtInLineModelText) } catch {
            fatalError("the built-in line model does not load: \(error)")
        }
    }()
}

extension LineModel {
    /// A model file that could not be read or parsed, named by its path.
    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public var path: String
        /// What went wrong: the system's reason, or the format error with its line.
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Reads and parses a model file (`--line-model`).
    /// - Throws: `LoadError` when the file cannot be read, is not UTF-8 or is not a model.
    public init(contentsOfFile path: String) throws {
        let bytes: [UInt8]
        do {
            let input = try InputFile.open(path)
            defer { input.close() }
            var source = input.source
            var all: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                if n == 0 { break }
                all += buffer[0..<n]
            }
            bytes = all
        } catch let error as IOError {
            throw LoadError(path: path, message: error.reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LoadError(path: path, message: "line model: not UTF-8 text")
        }
        do {
            try self.init(text: text)
        } catch let error as FormatError {
            throw LoadError(path: path, message: error.description)
        }
    }
}

// (Imported last, so that the file opens with its documentation.)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
