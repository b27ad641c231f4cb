import CICUShim

/// Builds the folded key that phrase rules match on, and counts the line's words.
///
/// The key is the text in NFKC-casefold, with every run of characters that are not letters,
/// marks or digits (spaces, punctuation, symbols) made one space. `key` holds it padded with a
/// space at each end (` leave a reply `), so that a phrase padded the same way matches only at
/// word boundaries; `fold(_: String)` returns it bare:
///
///     "LEAVE A REPLY:"        → "leave a reply"   (3 words)
///     "Don’t miss…  Subscribe!" → "don t miss subscribe"
///     "コメントを残す"          → "コメントを残す"   (7 characters without spaces: 4 words)
///
/// ASCII lines are folded with a table. Other lines are folded code point by code point from a
/// cache of what ICU says each one maps to, exact because it serves only code points that form
/// a normalization segment of their own; a line holding any other (a combining mark, a
/// ligature) goes through ICU's NFKC-casefold normalizer whole. A builder owns its buffers and
/// its cache, and serves one thread.
public final class FoldedKeyBuilder {
    /// The key of the last line folded, with a space at each end (just " " when it has no word).
    public let key = ByteBuffer(capacity: 4096)
    /// The words of the last line folded (see `docs/RULES.md`: a token is a word; in scripts
    /// without spaces, every two characters are one).
    public private(set) var wordCount = 0
    private let casefolded = ByteBuffer(capacity: 4096)
    private let normalizer = Normalizer(form: .nfkcCasefold)
    /// `sluice_fold_info` for the Basic Multilingual Plane, filled as code points are met.
    private let bmpInfo: UnsafeMutablePointer<UInt32>
    private static var unknown: UInt32 { 0xFFFF_FFFF }

    /// `asciiFold`, held by the instance so the hot loops read it without a lazy-global check.
    private let asciiTable: UnsafeMutablePointer<UInt8>

    public init() {
        bmpInfo = .allocate(capacity: 0x10000)
        bmpInfo.initialize(repeating: Self.unknown, count: 0x10000)
        asciiTable = .allocate(capacity: 256)
        asciiTable.initialize(from: Self.asciiFold, count: 256)
    }

    deinit {
        bmpInfo.deallocate()
        asciiTable.deallocate()
    }

    /// Folds `count` bytes of valid UTF-8 into `key`.
    public func fold(_ p: UnsafePointer<UInt8>, count: Int) {
        key.removeAll()
        if UTF8Repair.asciiPrefixLength(p, count: count) == count {
            foldASCII(p, count: count)
        } else if !foldUnicode(p, count: count, mapping: true) {
            casefolded.removeAll()
            normalizer.normalize(p, count: count, into: casefolded)
            key.removeAll()
            _ = foldUnicode(UnsafePointer(casefolded.base), count: casefolded.count, mapping: false)
        }
    }

    /// What `sluice_fold_info` says of `c`, cached for the BMP.
    @inline(__always)
    private func info(_ c: UInt32) -> UInt32 {
        guard c < 0x10000 else { return sluice_fold_info(Int32(bitPattern: c)) }
        let cached = bmpInfo[Int(c)]
        if cached != Self.unknown { return cached }
        let computed = sluice_fold_info(Int32(bitPattern: c))
        bmpInfo[Int(c)] = computed
        return computed
    }

    /// The key of a rule text, without the padding spaces.
    public func fold(_ text: String) -> [UInt8] {
        var text = text
        text.withUTF8 { fold($0.baseAddress!, count: $0.count) }
        return key.count > 1 ? Array(key.array.dropFirst().dropLast()) : []
    }

    private func foldASCII(_ p: UnsafePointer<UInt8>, count: Int) {
        key.reserve(count + 2)
        let out = key.base
        let table = asciiTable
        out[0] = 0x20
        var n = 1
        var spaces = 1
        for i in 0..<count {
            let folded = table[Int(p[i])]
            if folded != 0 {
                out[n] = folded
                n &+= 1
            } else if out[n &- 1] != 0x20 {
                out[n] = 0x20
                n &+= 1
                spaces &+= 1
            }
        }
        if out[n - 1] != 0x20 {
            out[n] = 0x20
            n += 1
            spaces += 1
        }
        key.count = n
        wordCount = spaces - 1
    }

    /// Folds UTF-8 into `key`. With `mapping`, each code point is mapped through the cache, and
    /// the fold gives up (returns false) at the first one that needs the normalizer; without,
    /// the text is already NFKC-casefolded and code points are only classified.
    private func foldUnicode(_ p: UnsafePointer<UInt8>, count: Int, mapping: Bool) -> Bool {
        key.reserve(count * 2 + 4)
        var out = key.base
        out[0] = 0x20
        var n = 1
        var capacity = key.capacity
        var words = 0
        var pendingSpace = false
        var tokenOpen = false
        var tokenHasSpaced = false  // a character of a script written with spaces
        var cjk = 0
        @inline(__always) func closeToken() {
            if tokenOpen { words += cjk > 0 ? (cjk + 1) / 2 + (tokenHasSpaced ? 1 : 0) : 1 }
            tokenOpen = false
            tokenHasSpaced = false
            cjk = 0
        }
        var i = 0
        while i < count {
            let b = p[i]
            var scalar: UInt32
            let isWord: Bool
            if b < 0x80 {
                scalar = UInt32(asciiTable[Int(b)])
                isWord = scalar != 0
                i += 1
            } else {
                let length = UTF8Repair.sequenceLength(lead: b)
                scalar = UTF8Repair.decode(p + i, length: length)
                i += length
                let found = info(scalar)
                if mapping {
                    if found & SLUICE_FOLD_COMPLEX != 0 { return false }
                    if found & SLUICE_FOLD_IGNORE != 0 { continue }
                    scalar = found & SLUICE_FOLD_CODE_POINT
                }
                isWord = found & SLUICE_FOLD_WORD != 0
            }
            guard isWord else {
                closeToken()
                pendingSpace = n > 1
                continue
            }
            if n + 5 > capacity {
                key.count = n
                key.reserve(16)
                out = key.base
                capacity = key.capacity
            }
            if pendingSpace {
                out[n] = 0x20
                n += 1
                pendingSpace = false
            }
            n += Self.encode(scalar, into: out + n)
            tokenOpen = true
            if Self.isUnspacedScript(scalar) { cjk += 1 } else { tokenHasSpaced = true }
        }
        closeToken()
        if n > 1 {
            out[n] = 0x20  // room was reserved: every write keeps 5 bytes free
            n += 1
        }
        key.count = n
        wordCount = words
        return true
    }

    /// Writes `c` as UTF-8 at `out`; returns the number of bytes.
    @inline(__always)
    static func encode(_ c: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        switch c {
        case 0..<0x80:
            out[0] = UInt8(c)
            return 1
        case 0x80..<0x800:
            out[0] = UInt8(0xC0 | (c >> 6)); out[1] = UInt8(0x80 | (c & 0x3F))
            return 2
        case 0x800..<0x10000:
            out[0] = UInt8(0xE0 | (c >> 12)); out[1] = UInt8(0x80 | ((c >> 6) & 0x3F)); out[2] = UInt8(0x80 | (c & 0x3F))
            return 3
        default:
            out[0] = UInt8(0xF0 | (c >> 18)); out[1] = UInt8(0x80 | ((c >> 12) & 0x3F))
            out[2] = UInt8(0x80 | ((c >> 6) & 0x3F)); out[3] = UInt8(0x80 | (c & 0x3F))
            return 4
        }
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
