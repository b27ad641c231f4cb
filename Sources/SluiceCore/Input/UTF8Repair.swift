/// What to do with bytes that are not valid UTF-8.
public enum InvalidUTF8Policy: String, CaseIterable, Sendable {
    /// Put U+FFFD in place of each maximal invalid subpart (Unicode's recommended practice).
    case replace
    /// Leave the invalid bytes out.
    case drop
    /// Stop with an error naming the byte offset.
    case fail
}

/// Invalid UTF-8 met under `InvalidUTF8Policy.fail`.
public struct InvalidUTF8Error: Error, Equatable {
    /// Offset of the first invalid byte in the input.
    public var offset: Int64
}

/// Validates UTF-8 and repairs it, one maximal invalid subpart at a time.
///
/// A maximal subpart is the longest prefix of a well-formed sequence (Unicode table 3-7) that
/// the input holds before it goes wrong, or one byte when even the first is wrong. Each becomes
/// one U+FFFD, as the Unicode Standard (§3.9) and the WHATWG encoder recommend:
///
///     "a\u{E2}\u{82}b" (a truncated €)  →  "a\u{FFFD}b"
///     "\u{C0}\u{AF}"   (overlong "/")   →  "\u{FFFD}\u{FFFD}"
public enum UTF8Repair {
    /// The result of scanning a line.
    public struct Scan {
        /// Offset of the first invalid byte, or nil when the line is valid.
        public var firstInvalid: Int?
        /// True when every byte is below 0x80.
        public var isASCII: Bool
    }

    /// Scans `count` bytes: are they ASCII, and where is the first invalid sequence?
    @inline(__always)
    public static func scan(_ p: UnsafePointer<UInt8>, count: Int) -> Scan {
        let firstNonASCII = asciiPrefixLength(p, count: count)
        if firstNonASCII == count { return Scan(firstInvalid: nil, isASCII: true) }
        var i = firstNonASCII
        let raw = UnsafeRawPointer(p)
        while i < count {
            let b = p[i]
            if b < 0x80 {
                i &+= 1
                while i &+ 8 <= count && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i &+= 8
                }
                continue
            }
            // The common sequences inline: two bytes (Latin, Greek, Cyrillic, Hebrew, Arabic),
            // and three with a lead of E1–EC or EE–EF (punctuation, most scripts, Han), whose
            // second byte may be any continuation byte.
            if b &- 0xC2 <= 0xDF - 0xC2 && i &+ 1 < count && p[i &+ 1] & 0xC0 == 0x80 {
                i &+= 2
                continue
            }
            if b &- 0xE1 <= 0xEF - 0xE1 && b != 0xED && i &+ 2 < count
                && p[i &+ 1] & 0xC0 == 0x80 && p[i &+ 2] & 0xC0 == 0x80 {
                i &+= 3
                continue
            }
            let n = validSequenceLength(p + i, available: count - i)
            if n == 0 { return Scan(firstInvalid: i, isASCII: false) }
            i += n
        }
        return Scan(firstInvalid: nil, isASCII: false)
    }

    /// The number of leading bytes below 0x80, eight at a time.
    @inline(__always)
    public static func asciiPrefixLength(_ p: UnsafePointer<UInt8>, count: Int) -> Int {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < count && p[i] < 0x80 { i &+= 1 }
        return i
    }

    /// Length of the well-formed sequence at `p` (1 to 4), or 0 when it is ill-formed there.
    @inline(__always)
    static func validSequenceLength(_ p: UnsafePointer<UInt8>, available: Int) -> Int {
        let n = wellFormedPrefix(p, available: available)
        return n.complete ? n.length : 0
    }

    /// How many bytes at `p` belong to a well-formed sequence or its maximal subpart, and whether
    /// the sequence is complete.
    @inline(__always)
    static func wellFormedPrefix(_ p: UnsafePointer<UInt8>, available: Int) -> (length: Int, complete: Bool) {
        let b0 = p[0]
        if b0 < 0x80 { return (1, true) }
        let needed: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; high = 0x9F
        case 0xF0: needed = 3; low = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; high = 0x8F
        default: return (1, false)
        }
        var i = 1
        while i <= needed {
            guard i < available else { return (i, false) }
            let b = p[i]
            if b < low || b > high { return (i, false) }
            low = 0x80; high = 0xBF
            i += 1
        }
        return (needed + 1, true)
    }

    /// The code point of the well-formed sequence at `p`, or U+FFFD when it is ill-formed.
    static func decodeScalar(_ p: UnsafePointer<UInt8>, available: Int) -> UInt32 {
        let (length, complete) = wellFormedPrefix(p, available: available)
        return complete ? decode(p, length: length) : 0xFFFD
    }

    /// The code point of the well-formed sequence of `length` bytes at `p`.
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, length: Int) -> UInt32 {
        switch length {
        case 1: return UInt32(p[0])
        case 2: return UInt32(p[0] & 0x1F) << 6 | UInt32(p[1] & 0x3F)
        case 3: return UInt32(p[0] & 0x0F) << 12 | UInt32(p[1] & 0x3F) << 6 | UInt32(p[2] & 0x3F)
        default:
            return UInt32(p[0] & 0x07) << 18 | UInt32(p[1] & 0x3F) << 12 | UInt32(p[2] & 0x3F) << 6
                | UInt32(p[3] & 0x3F)
        }
    }

    /// The length of the sequence that lead byte `b` starts, in valid UTF-8.
    @inline(__always)
    static func sequenceLength(lead b: UInt8) -> Int {
        b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
    }

    /// Copies `count` bytes to `out`, repairing invalid sequences by `policy` (`.fail` is the
    /// caller's business: this treats it as `.replace`). Returns the number of invalid subparts.
    public static func repair(_ p: UnsafePointer<UInt8>, count: Int, policy: InvalidUTF8Policy,
                              into out: ByteBuffer) -> Int {
        out.reserve(count + count / 2 + 3)
        var invalid = 0
        var i = 0
        while i < count {
            let ascii = asciiPrefixLength(p + i, count: count - i)
            if ascii > 0 { out.append(p + i, count: ascii); i += ascii; continue }
            let (length, complete) = wellFormedPrefix(p + i, available: count - i)
            if complete {
                out.append(p + i, count: length)
            } else {
                invalid += 1
                if policy != .drop { out.append(0xEF); out.append(0xBF); out.append(0xBD) }
            }
            i += length
        }
        return invalid
    }
}
