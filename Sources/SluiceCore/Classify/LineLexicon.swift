/// A learned noise score per word, for the classifier's lexicon features (`lex_mean`, `lex_max`,
/// `lex_min`): words that mostly stand in the noise of the training sites ("privacy",
/// "newsletter", "subscribe") score above 0, words of running text ("however", "told") below.
///
/// The words come from the model file (`word SCORE WORD` lines, written by
/// `scripts/train-line-model.py`); `LineScan` looks each word of a line up by the case-folded hash
/// it already computes for the stoplists (`StopwordTable.hash`), so a lookup needs no copy of
/// the word. A word that is not in the table scores 0.
///
///     var lexicon = LineLexicon()
///     lexicon.add(word: "privacy", score: 3.5)
///     lexicon.score(of: "Privacy")   // 3.5 (case-folded as the stoplists are)
public struct LineLexicon: Sendable {
    /// Keys (word hashes, 0 marks an empty slot) and scores, side by side: a probe touches one
    /// cache line.
    private var slots: [Slot] = []
    private var mask = 0
    /// The number of words.
    public private(set) var count = 0

    private struct Slot: Sendable {
        var key: UInt64 = 0
        var score: Float = 0
    }

    public init() {}

    /// No words: every score 0.
    public static let empty = LineLexicon()

    /// Whether the table holds no word (a model without a lexicon: its features are all 0).
    public var isEmpty: Bool { count == 0 }

    /// The table's key for hash `h`: 0 marks an empty slot, so a hash of 0 is stored as 1.
    @inline(__always)
    private static func key(_ h: UInt64) -> UInt64 { h == 0 ? 1 : h }

    @inline(__always)
    private static func slot(_ h: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: ((h ^ (h >> 31)) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Adds (or replaces) a word, given by its hash (`StopwordTable.hash` over its code points).
    public mutating func add(hash h: UInt64, score: Float) {
        if 2 * (count + 1) > slots.count { grow() }
        let k = LineLexicon.key(h)
        var i = LineLexicon.slot(k, mask)
        while slots[i].key != 0 && slots[i].key != k { i = (i + 1) & mask }
        if slots[i].key == 0 { count += 1 }
        slots[i] = Slot(key: k, score: score)
    }

    /// Adds (or replaces) a word.
    public mutating func add(word: String, score: Float) {
        add(hash: StopwordTable.hash(of: word), score: score)
    }

    private mutating func grow() {
        let old = slots
        let capacity = max(64, slots.count * 2)
        slots = [Slot](repeating: Slot(), count: capacity)
        mask = capacity - 1
        count = 0
        for s in old where s.key != 0 { add(hash: s.key, score: s.score) }
    }

    /// The score of the word with hash `h` (0 when it is not in the table). The table must not
    /// be empty.
    @inline(__always)
    func score(_ h: UInt64) -> Float {
        let k = LineLexicon.key(h)
        var i = LineLexicon.slot(k, mask)
        return slots.withUnsafeBufferPointer { p in
            while true {
                let s = p[i]
                if s.key == k { return s.score }
                if s.key == 0 { return 0 }
                i = (i + 1) & mask
            }
        }
    }

    /// The score of `word` (0 when it is not in the table).
    public func score(of word: String) -> Float {
        isEmpty ? 0 : score(StopwordTable.hash(of: word))
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
