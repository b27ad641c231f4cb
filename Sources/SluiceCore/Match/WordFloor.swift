/// A lower bound of a line's word count (as `FoldedKeyBuilder` counts words), read from its raw
/// bytes without folding it, to tell quickly that a line is longer than every word guard.
///
///     WordFloor.exceeds("one two three four", limit: 3)   // true
///     WordFloor.exceeds("— one — two —", limit: 1)         // true (the dashes are no words)
///     WordFloor.exceeds("東京は晴れ", limit: 1)              // false: 2 Han characters make 1 word at least
///
/// It counts the tokens between ASCII spaces that open with a character that is surely a
/// letter or digit (`opensWord`: ASCII, Cyrillic, Arabic, Hangul): each holds at least one
/// word, and no two share one, since a space always separates words. Scripts written without
/// spaces count their characters, not their tokens: in a line holding a byte that may begin
/// one (see `mayBeginUnspaced`: where the CJK radicals, kana, Han and their compatibility
/// forms live; checked with the NFKC-casefold mappings of every code point elsewhere) before
/// the bound is passed, the tokens are not
/// counted, and the bound is half its Han characters instead.
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
                // Blocks with a byte from E2, or an Arabic lead (D8, D9), are read byte by byte.
                let arabic = ByteLanes.zeroes((x & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xD8D8_D8D8_D8D8_D8D8)
                if (low &+ 0x1E1E_1E1E_1E1E_1E1E) & x & 0x8080_8080_8080_8080 | arabic == 0 {
                    let spaces = ByteLanes.zeroes(x ^ 0x2020_2020_2020_2020)
                    let folded = low | 0x2020_2020_2020_2020
                    let letters = (folded &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(folded &+ 0x0505_0505_0505_0505)
                    let digits = (low &+ 0x5050_5050_5050_5050) & ~(low &+ 0x4646_4646_4646_4646)
                    let ascii = ~x & 0x8080_8080_8080_8080
                    let cyrillic = ByteLanes.zeroes((x & 0xFEFE_FEFE_FEFE_FEFE) ^ 0xD0D0_D0D0_D0D0_D0D0)
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
                if b >= 0xE2 && mayBeginUnspaced(b, next: i + 1 < count ? p[i + 1] : 0) {
                    return hanCharacters(p, count: count, exceed: 2 * limit)
                }
                if afterSpace && opensWord(b, next: i + 1 < count ? p[i + 1] : 0) {
                    words &+= 1
                    if words > limit { return true }
                }
                afterSpace = false
            }
            i &+= 1
        }
        return false
    }

    /// Whether the line holds more than `limit` Han characters of U+4E00–U+9FFF (lead byte E4
    /// then B8 or more, or E5 to E9). Every such character is a word character of a script
    /// without spaces, and every two of those make at least one word, whatever else the line
    /// holds: so more than 2n of them make more than n words.
    private static func hanCharacters(_ p: UnsafePointer<UInt8>, count: Int, exceed limit: Int) -> Bool {
        var han = 0
        var i = 0
        while i < count {
            let b = p[i]
            if (b &- 0xE5) < 5 || (b == 0xE4 && i + 1 < count && p[i + 1] >= 0xB8) {
                han &+= 1
                if han > limit { return true }
                i &+= 3
                continue
            }
            i &+= 1
        }
        return false
    }

    /// Whether the character led by `b` (from E2) may be, or fold to, one of a script written
    /// without spaces: E2 BA and up (U+2E80–U+2FFF), E3 to E9 (U+3000–U+9FFF), EF (U+F000–
    /// U+FFFF: compatibility ideographs, halfwidth katakana) and the supplementary planes. Yi,
    /// Hangul (EA to ED) and private use (EE) are not.
    @inline(__always)
    private static func mayBeginUnspaced(_ b: UInt8, next: UInt8) -> Bool {
        b == 0xE2 ? next >= 0xBA : !(b >= 0xEA && b <= 0xEE)
    }

    /// Whether the character led by `b` (then `next`) is a letter or digit for sure: ASCII
    /// letters and digits, Cyrillic U+0400–U+047F, Arabic letters U+0621–U+064A, Hangul
    /// syllables U+AC00–U+D77F.
    @inline(__always)
    private static func opensWord(_ b: UInt8, next: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0xD0, 0xD1, 0xEB, 0xEC: return true
        case 0xD8: return next >= 0xA1
        case 0xD9: return next <= 0x8A
        case 0xEA: return next >= 0xB0
        case 0xED: return next <= 0x9D
        default: return false
        }
    }

}
