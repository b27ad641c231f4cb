import CByteScan

/// A lower bound of a line's word count (as `FoldedKeyBuilder` counts words), read from its raw
/// bytes without folding it, to tell quickly that a line is longer than every word guard.
///
///     WordFloor.exceeds("one two three four", limit: 3)   // true
///     WordFloor.exceeds("— one — two —", limit: 1)         // true (the dashes are no words)
///     WordFloor.exceeds("東京は晴れ", limit: 1)              // false: 2 Han characters make 1 word at least
///
/// It counts the tokens between ASCII spaces that open with a character that is surely a
/// letter or digit (ASCII, Cyrillic, Arabic, Hangul): each holds at least one
/// word, and no two share one, since a space always separates words. Scripts written without
/// spaces count their characters, not their tokens: in a line holding a byte that may begin
/// one (where the CJK radicals, kana, Han and their compatibility
/// forms live; checked with the NFKC-casefold mappings of every code point elsewhere) before
/// the bound is passed, the tokens are not counted, and the bound is half its Han characters
/// instead.
enum WordFloor {
    /// Whether the line surely has more than `limit` words. The byte loop is a vector kernel
    /// in C (`sluice_word_floor_exceeds`), sixteen bytes at a time over ASCII and Cyrillic.
    @inline(__always)
    static func exceeds(_ p: UnsafePointer<UInt8>, count: Int, limit: Int) -> Bool {
        limit >= 0 && sluice_word_floor_exceeds(p, count, limit) != 0
    }
}
