/// A lower bound of a line's word count (as `FoldedKeyBuilder` counts words), read from its raw
/// bytes without folding it, to tell quickly that a line is longer than every word guard.
///
///     WordFloor.exceeds("one two three four", limit: 3)   // true
///     WordFloor.exceeds("— one — two —", limit: 1)         // true (the dashes are no words)
///     WordFloor.exceeds("東京は晴れ", limit: 1)              // false: not decided from the bytes
///
/// It counts the tokens between ASCII spaces that open with an ASCII letter or digit or a
/// Cyrillic letter (lead byte D0 or D1: U+0400–U+047F, all letters): each holds at least one
/// word, and no two share one, since a space always separates words. Scripts written without
/// spaces count their characters, not their tokens, so a line holding a byte that may begin
/// one (a lead byte from E3, or E2 followed by BA or more: U+2E80 and up, where the CJK
/// radicals, kana, Han and their compatibility forms live; checked with the NFKC-casefold
/// mappings of every code point below) is not decided unless the bound is passed first.
enum WordFloor {
    /// Whether the line surely has more than `limit` words.
    static func exceeds(_ p: UnsafePointer<UInt8>, count: Int, limit: Int) -> Bool {
        guard limit <= (count - 1) / 2 else { return false }  // n words take at least 2n - 1 bytes
        var words = 0
        var afterSpace = true
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i < count {
            // Eight bytes at a time: count the openers that follow a space.
            if i &+ 8 <= count {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let low = x & 0x7F7F_7F7F_7F7F_7F7F
                if (low &+ 0x1E1E_1E1E_1E1E_1E1E) & x & 0x8080_8080_8080_8080 == 0 {  // no byte from E2
                    let spaces = zeroBytes(x ^ 0x2020_2020_2020_2020)
                    let folded = low | 0x2020_2020_2020_2020
                    let letters = (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(folded &+ 0x0505_0505_0505_0505)
                    let digits = (low &+ 0x5050_5050_5050_5050) & ~(low &+ 0x4646_4646_4646_4646)
                    let ascii = ~x & 0x8080_8080_8080_8080
                    let cyrillic = zeroBytes((x & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xD0D0_D0D0_D0D0_D0D0)
                    let openers = ((letters | digits) & ascii) | cyrillic
                    let follows = (spaces << 8) | (afterSpace ? 0x80 : 0)
                    words &+= (openers & follows & 0x8080_8080_8080_8080).nonzeroBitCount
                    if words > limit { return true }
                    afterSpace = spaces >> 63 != 0
                    i &+= 8
                    continue
                }
            }
            let b = p[i]
            if b == 0x20 {
                afterSpace = true
            } else {
                if b >= 0xE2 && (b >= 0xE3 || (i + 1 < count && p[i + 1] >= 0xBA)) { return false }
                if afterSpace && opensWord(b) {
                    words &+= 1
                    if words > limit { return true }
                }
                afterSpace = false
            }
            i &+= 1
        }
        return false
    }

    @inline(__always)
    private static func opensWord(_ b: UInt8) -> Bool {
        (b &- 0x30) < 10 || ((b | 0x20) &- 0x61) < 26 || b == 0xD0 || b == 0xD1
    }

    /// 0x80 in each byte of `v` that is zero, and 0 elsewhere.
    @inline(__always)
    private static func zeroBytes(_ v: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((v & low7) &+ low7) | v | low7)
    }
}
