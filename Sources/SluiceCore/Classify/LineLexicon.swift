/// A learned noise score per word, for the classifier's lexicon features (`lex_mean`, `lex_max`,
/// `lex_min`): words that mostly stand in the noise of the training sites ("privacy",
/// "newsletter", "subscribe") score above 0, words of running text ("however", "told") below.
///
/// The words come from the model file (`word SCORE WORD` lines, written by
/// `scripts/train-line-model.py`); `LineScan` looks each word of a line up by the case-folded hash
/// it already computes for the stoplists (`StopwordTable.hash`), so a lookup needs no copy of
/// the word (a `WordHashTable`). A word that is not in the table scores 0.
///
///     var lexicon = LineLexicon()
///     lexicon.add(word: "privacy", score: 3.5)
///     lexicon.score(of: "Privacy")   // 3.5 (case-folded as the stoplists are)
public struct LineLexicon: Sendable {
    private var table = WordHashTable<Float>(placeholder: 0)

    public init() {}

    /// No words: every score 0.
    public static let empty = LineLexicon()

    /// The number of words.
    public var count: Int { table.count }

    /// Whether the table holds no word (a model without a lexicon: its features are all 0).
    public var isEmpty: Bool { table.count == 0 }

    /// Adds (or replaces) a word, given by its hash (`StopwordTable.hash` over its code points).
    public mutating func add(hash h: UInt64, score: Float) {
        table.insert(h, score) { _, new in new }
    }

    /// Adds (or replaces) a word.
    public mutating func add(word: String, score: Float) {
        add(hash: StopwordTable.hash(of: word), score: score)
    }

    /// The score of the word with hash `h`, nil when it is not in the table.
    @inline(__always)
    func score(_ h: UInt64) -> Float? { table.value(h) }

    /// The score of `word` (0 when it is not in the table).
    public func score(of word: String) -> Float {
        score(StopwordTable.hash(of: word)) ?? 0
    }
}

extension LineLexicon {
    /// The words of `line` (a cleaned line) that a lexicon scores, lowercased as they are looked
    /// up (`StopwordTable.lower`), in order: the words `scripts/train-line-model.py` counts to
    /// build the table, so that training splits and folds words exactly as `LineScan` does.
    ///
    ///     LineLexicon.words(of: bytes("Subscribe to our NEWSLETTER · 東京"))
    ///     // ["subscribe", "to", "our", "newsletter"] (Han characters are words of their own,
    ///     // never looked up)
    public static func words(of line: UnsafeRawBufferPointer) -> [String] {
        var collector = WordCollector(line: line)
        var scan = LineScan()
        scan.scan(line, stopwords: Stopwords.shared, lexicon: .empty, visitor: &collector)
        return collector.words
    }

    private struct WordCollector: LineWordVisitor {
        let line: UnsafeRawBufferPointer
        var words: [String] = []

        mutating func visit(start: Int, end: Int) {
            var word = String.UnicodeScalarView()
            let bytes = UnsafeBufferPointer(rebasing: line.bindMemory(to: UInt8.self)[start..<end])
            StopwordTable.forEachLowered(bytes) { word.append(Unicode.Scalar($0)!) }
            words.append(String(word))
        }
    }
}

extension StopwordTable {
    /// The hash `LineScan` computes for a word: its code points, lowercased (`lower`), in order.
    static func hash(of word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { hash(ofUTF8: $0) }
    }

    /// `hash(of:)` of a word given as valid UTF-8.
    static func hash(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = seed
        forEachLowered(bytes) { h = hash(h, lowered: $0) }
        return h
    }

    /// Calls `body` with each code point of `bytes` (valid UTF-8), lowercased (`lower`).
    static func forEachLowered(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt32) -> Void) {
        guard let p = bytes.baseAddress else { return }
        var k = 0
        while k < bytes.count {
            let length = UTF8Repair.sequenceLength(lead: p[k])
            body(lower(UTF8Repair.decode(p + k, length: length)))
            k += length
        }
    }
}
