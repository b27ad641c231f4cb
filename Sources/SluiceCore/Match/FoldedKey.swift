import CICUShim

/// Builds the folded key that phrase rules match on, and counts the line's words.
///
/// The key is the text in NFKC-casefold, with every run of characters that are not letters,
/// marks or digits (spaces, punctuation, symbols) made one space, and no space at either end:
///
///     "LEAVE A REPLY:"        → "leave a reply"   (3 words)
///     "Don’t miss…  Subscribe!" → "don t miss subscribe"
///     "コメントを残す"          → "コメントを残す"   (7 characters without spaces: 4 words)
///
/// ASCII lines are folded with a table; others go through ICU's NFKC-casefold normalizer first.
/// A builder owns its buffers and serves one thread.
public final class FoldedKeyBuilder {
    /// The key of the last line folded.
    public let key = ByteBuffer(capacity: 4096)
    /// The words of the last line folded (see `docs/RULES.md`: a token is a word; in scripts
    /// without spaces, every two characters are one).
    public private(set) var wordCount = 0
    private let casefolded = ByteBuffer(capacity: 4096)
    private let normalizer = Normalizer(form: .nfkcCasefold)

    public init() {}

    /// Folds `count` bytes of valid UTF-8 into `key`.
    public func fold(_ p: UnsafePointer<UInt8>, count: Int) {
        key.removeAll()
        if UTF8Repair.asciiPrefixLength(p, count: count) == count {
            foldASCII(p, count: count)
        } else {
            casefolded.removeAll()
            normalizer.normalize(p, count: count, into: casefolded)
            foldUnicode(UnsafePointer(casefolded.base), count: casefolded.count)
        }
    }

    /// Convenience for rule texts and tests.
    public func fold(_ text: String) -> [UInt8] {
        var text = text
        text.withUTF8 { fold($0.baseAddress!, count: $0.count) }
        return key.array
    }

    private func foldASCII(_ p: UnsafePointer<UInt8>, count: Int) {
        key.reserve(count)
        let out = key.base
        var n = 0
        var words = 0
        var pendingSpace = false
        for i in 0..<count {
            let folded = Self.asciiFold[Int(p[i])]
            if folded == 0 {
                pendingSpace = n > 0
            } else {
                if pendingSpace {
                    out[n] = 0x20
                    n += 1
                    pendingSpace = false
                    words += 1
                } else if n == 0 {
                    words += 1
                }
                out[n] = folded
                n += 1
            }
        }
        key.count = n
        wordCount = words
    }

    private func foldUnicode(_ p: UnsafePointer<UInt8>, count: Int) {
        key.reserve(count)
        var words = 0
        var pendingSpace = false
        var tokenOpen = false
        var tokenHasSpaced = false  // a character of a script written with spaces
        var cjk = 0
        func closeToken() {
            if tokenOpen { words += cjk > 0 ? (cjk + 1) / 2 + (tokenHasSpaced ? 1 : 0) : 1 }
            tokenOpen = false; tokenHasSpaced = false; cjk = 0
        }
        var i = 0
        while i < count {
            let b = p[i]
            let length = UTF8Repair.sequenceLength(lead: b)
            let isWord: Bool
            let scalar: UInt32
            if b < 0x80 {
                scalar = UInt32(b)
                isWord = Self.asciiFold[Int(b)] != 0
            } else {
                scalar = UTF8Repair.decode(p + i, length: length)
                isWord = sluice_is_word_char(Int32(bitPattern: scalar)) != 0
            }
            if isWord {
                if pendingSpace { key.append(0x20); pendingSpace = false }
                key.append(p + i, count: length)
                tokenOpen = true
                if Self.isUnspacedScript(scalar) { cjk += 1 } else { tokenHasSpaced = true }
            } else {
                closeToken()
                pendingSpace = key.count > 0
            }
            i += length
        }
        closeToken()
        wordCount = words
    }

    /// Han, Hiragana and Katakana: scripts written without spaces between words.
    @inline(__always)
    static func isUnspacedScript(_ c: UInt32) -> Bool {
        (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)
            || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0x31F0 && c <= 0x31FF)
            || (c >= 0xFF66 && c <= 0xFF9F)
    }

    /// For each ASCII byte: its lowercase form if it is a letter or digit, else 0.
    static let asciiFold: [UInt8] = (0..<256).map { b in
        switch b {
        case 0x30...0x39, 0x61...0x7A: return UInt8(b)
        case 0x41...0x5A: return UInt8(b | 0x20)
        default: return 0
        }
    }
}
