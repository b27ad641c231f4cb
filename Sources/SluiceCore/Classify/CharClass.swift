/// What the line classifier needs to know of a code point, as bits: a word character, an
/// uppercase letter, a digit, a character of a script written without spaces, punctuation, a
/// symbol, hiragana, a Hangul syllable.
///
/// ASCII is answered by `asciiFlags`, the rest of the Basic Multilingual Plane from a table
/// (`bmp`) filled from ICU on first use; other code points ask ICU (`sluice_char_flags`), whose
/// general categories match the scorer's `\w` closely.
///
///     CharClass.flags(0x41) & CharClass.upper != 0   // "A"
///     CharClass.flags(0x65E5) & CharClass.split != 0 // "日" counts as a word by itself
enum CharClass {
    static let word = UInt8(SLUICE_CHAR_WORD)
    static let upper = UInt8(SLUICE_CHAR_UPPER)
    static let digit = UInt8(SLUICE_CHAR_DIGIT)
    static let split = UInt8(SLUICE_CHAR_SPLIT)
    static let punct = UInt8(SLUICE_CHAR_PUNCT)
    static let symbol = UInt8(SLUICE_CHAR_SYMBOL)
    static let hiragana = UInt8(SLUICE_CHAR_HIRAGANA)
    static let hangul = UInt8(SLUICE_CHAR_HANGUL)

    /// The flags of an ASCII code point (a switch of constants, which the compiler makes a table).
    @inline(__always)
    static func asciiFlags(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x30...0x39: return word | digit
        case 0x41...0x5A: return word | upper
        case 0x61...0x7A, 0x5F: return word
        case 0x24, 0x2B, 0x3C...0x3E, 0x5E, 0x60, 0x7C, 0x7E: return symbol
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return punct
        default: return 0
        }
    }

    /// The flags of every code point of the Basic Multilingual Plane, asked of ICU once, on first
    /// use (65,536 lookups, about a millisecond): the scan then reads a byte instead of calling ICU.
    /// Written once, by the lazy initialiser, and only read after.
    nonisolated(unsafe) static let bmp: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x10000)
        for c in 0..<0x10000 {
            table[c] = c < 0x80 ? asciiFlags(UInt8(c)) : UInt8(truncatingIfNeeded: sluice_char_flags(Int32(c)))
        }
        return UnsafePointer(table)
    }()

    /// The flags of code point `c`, with `bmp` (`CharClass.bmp`, read once by a caller's loop).
    @inline(__always)
    static func flags(_ c: UInt32, bmp: UnsafePointer<UInt8>) -> UInt8 {
        if c < 0x10000 { return bmp[Int(c)] }
        return UInt8(truncatingIfNeeded: sluice_char_flags(Int32(bitPattern: c)))
    }

    /// The flags of code point `c`.
    @inline(__always)
    static func flags(_ c: UInt32) -> UInt8 {
        if c < 0x80 { return asciiFlags(UInt8(truncatingIfNeeded: c)) }
        return UInt8(truncatingIfNeeded: sluice_char_flags(Int32(bitPattern: c)))
    }
}

// (Imported last, so that the file opens with its documentation.)
import CICUShim
