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
/// cache of what ICU says each one maps to, exact because it serves only code points that
/// combine with nothing before them and map to one such code point (then nothing composes or
/// reorders across code points); a line holding any other (a combining mark, a ligature, a
/// Hangul jamo) goes through ICU's NFKC-casefold normalizer whole. A builder owns its buffers and
/// its cache, and serves one thread.
public final class FoldedKeyBuilder {
    /// The key of the last line folded, with a space at each end (just " " when it has no word).
    public let key = ByteBuffer(capacity: 4096)
    /// The words of the last line folded (see `docs/RULES.md`: a token is a word; in scripts
    /// without spaces, every two characters are one, and a token holding them counts only so).
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
        wordCount = append(p, count: count, to: key)
    }

    /// Appends the padded key of `count` bytes of valid UTF-8 to `buffer` and returns the
    /// line's word count (`key` and `wordCount` are left as they are).
    public func append(_ p: UnsafePointer<UInt8>, count: Int, to buffer: ByteBuffer) -> Int {
        if UTF8Repair.asciiPrefixLength(p, count: count) == count {
            return foldASCII(p, count: count, into: buffer)
        }
        if let words = foldUnicode(p, count: count, mapping: true, into: buffer) { return words }
        casefolded.removeAll()
        normalizer.normalize(p, count: count, into: casefolded)
        return foldUnicode(UnsafePointer(casefolded.base), count: casefolded.count, mapping: false, into: buffer)!
    }

    /// What `sluice_fold_info` says of `c`, with `keepsBytes` and `unspacedScript`, cached for
    /// the BMP.
    @inline(__always)
    private func info(_ c: UInt32) -> UInt32 {
        guard c < 0x10000 else { return Self.annotated(sluice_fold_info(Int32(bitPattern: c)), of: c) }
        let cached = bmpInfo[Int(c)]
        if cached != Self.unknown { return cached }
        let computed = Self.annotated(sluice_fold_info(Int32(bitPattern: c)), of: c)
        bmpInfo[Int(c)] = computed
        return computed
    }

    /// Marks, in bits that `sluice_fold_info` leaves free (21–27), a word character that maps
    /// to itself (its bytes go into the key as they are) …
    private static var keepsBytes: UInt32 { 0x0800_0000 }
    /// … and one of a script written without spaces.
    private static var unspacedScript: UInt32 { 0x0400_0000 }

    private static func annotated(_ found: UInt32, of c: UInt32) -> UInt32 {
        guard found & (SLUICE_FOLD_COMPLEX | SLUICE_FOLD_IGNORE) == 0, found & SLUICE_FOLD_WORD != 0 else { return found }
        let mapped = found & SLUICE_FOLD_CODE_POINT
        return mapped == c ? found | keepsBytes | (isUnspacedScript(c) ? unspacedScript : 0) : found
    }

    /// The key of a rule text, without the padding spaces.
    public func fold(_ text: String) -> [UInt8] {
        var text = text
        text.withUTF8 { fold($0.baseAddress!, count: $0.count) }
        return key.count > 1 ? Array(key.array.dropFirst().dropLast()) : []
    }

    /// Appends the key of an ASCII line to `buffer`; returns its word count.
    private func foldASCII(_ p: UnsafePointer<UInt8>, count: Int, into buffer: ByteBuffer) -> Int {
        buffer.reserve(count + 2)
        let out = buffer.base + buffer.count
        out[0] = 0x20
        var (n, spaces) = foldASCIIRun(p, count: count, into: out, at: 1)
        if out[n - 1] != 0x20 {
            out[n] = 0x20
            n += 1
            spaces += 1
        }
        buffer.count += n
        return spaces
    }

    /// Folds `count` ASCII bytes into `out` from offset `start` (after at least one byte): letters
    /// and digits lowercased, every run of other bytes one space. Returns where the key ends
    /// and how many spaces it wrote (each ends a token).
    ///
    /// Without branches on the bytes (a word edge every few bytes would be a misprediction):
    /// each byte is written, as itself or a space, and the end moves on unless it was a space
    /// after a space.
    @inline(__always)
    private func foldASCIIRun(_ p: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>,
                              at start: Int) -> (end: Int, spaces: Int) {
        let table = asciiTable
        var n = start
        var spaces = 0
        var afterSpace = out[start &- 1] == 0x20 ? 1 : 0
        for i in 0..<count {
            let folded = table[Int(p[i])]
            let isSpace = folded == 0 ? 1 : 0
            out[n] = folded | UInt8(truncatingIfNeeded: isSpace << 5)
            let collapses = isSpace & afterSpace
            n &+= 1 &- collapses
            spaces &+= isSpace &- collapses
            afterSpace = isSpace
        }
        return (n, spaces)
    }

    /// Appends the key of UTF-8 text to `buffer`; returns its word count. With `mapping`, each
    /// code point is mapped through the cache, and the fold gives up (returns nil, `buffer`
    /// unchanged) at the first one that needs the normalizer; without, the text is already
    /// NFKC-casefolded and code points are only classified.
    private func foldUnicode(_ p: UnsafePointer<UInt8>, count: Int, mapping: Bool, into buffer: ByteBuffer) -> Int? {
        // A code point's mapping is never more than half as long again as its UTF-8.
        buffer.reserve(count * 2 + 4)
        let out = buffer.base + buffer.count
        out[0] = 0x20
        var n = 1
        var tokens = 0
        var unspaced = 0  // characters of scripts written without spaces
        var tokensWithUnspaced = 0
        var tokenHasUnspaced = false
        @inline(__always) func separate() {
            if out[n &- 1] != 0x20 {
                out[n] = 0x20
                n &+= 1
                tokens &+= 1
                if tokenHasUnspaced { tokensWithUnspaced &+= 1; tokenHasUnspaced = false }
            }
        }
        var i = 0
        while i < count {
            let b = p[i]
            if b < 0x80 {
                let run = 1 + UTF8Repair.asciiPrefixLength(p + i + 1, count: count - i - 1)
                let (end, spaces) = foldASCIIRun(p + i, count: run, into: out, at: n)
                n = end
                i &+= run
                if spaces > 0 {
                    tokens &+= spaces
                    if tokenHasUnspaced { tokensWithUnspaced &+= 1; tokenHasUnspaced = false }
                }
                continue
            }
            let length = UTF8Repair.sequenceLength(lead: b)
            var scalar = UTF8Repair.decode(p + i, length: length)
            let found = info(scalar)
            if found & Self.keepsBytes != 0 {
                // The common case (a letter of most scripts, a Han character): its bytes as
                // they are.
                out[n] = b
                out[n &+ 1] = p[i &+ 1]
                if length > 2 {
                    out[n &+ 2] = p[i &+ 2]
                    if length > 3 { out[n &+ 3] = p[i &+ 3] }
                }
                n &+= length
                i &+= length
                if found & Self.unspacedScript != 0 {
                    unspaced &+= 1
                    tokenHasUnspaced = true
                }
                continue
            }
            i &+= length
            if mapping {
                if found & SLUICE_FOLD_COMPLEX != 0 { return nil }
                if found & SLUICE_FOLD_IGNORE != 0 { continue }
                scalar = found & SLUICE_FOLD_CODE_POINT
            }
            guard found & SLUICE_FOLD_WORD != 0 else {
                separate()
                continue
            }
            n &+= Self.encode(scalar, into: out + n)
            if Self.isUnspacedScript(scalar) {
                unspaced &+= 1
                tokenHasUnspaced = true
            }
        }
        separate()
        buffer.count += n
        return tokens - tokensWithUnspaced + (unspaced + 1) / 2
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
