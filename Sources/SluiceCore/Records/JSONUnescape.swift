/// Turns a JSON string's contents back into the UTF-8 bytes they stand for, byte by byte: the
/// reverse of `JSONString.append`.
///
/// Every escape JSON has is read, `\uXXXX` surrogate pairs included; a surrogate escape without
/// its partner becomes U+FFFD.
///
///     JSONString.unescape(#"caf\u00e9 \ud83d\ude00\n"#)  →  "café 😀" + LF
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONString {
    /// A backslash escape JSON does not know, or a `\u` without four hex digits.
    public struct EscapeError: Error, Equatable {
        /// Offset of the backslash in the string's contents.
        public var offset: Int
    }

    /// Appends the UTF-8 bytes that the string contents `p[0..<count]` (between the quotes)
    /// stand for to `out`.
    public static func unescape(_ p: UnsafePointer<UInt8>, count: Int, into out: ByteBuffer) throws(EscapeError) {
        var i = 0
        while i < count {
            guard let slash = memchrIndex(p + i, 0x5C, count - i) else {
                out.append(p + i, count: count - i)
                return
            }
            out.append(p + i, count: slash)
            i += slash
            guard i + 1 < count else { throw EscapeError(offset: i) }
            let escaped = p[i + 1]
            switch escaped {
            case 0x22, 0x5C, 0x2F: out.append(escaped)
            case 0x62: out.append(0x08)  // b
            case 0x66: out.append(0x0C)  // f
            case 0x6E: out.append(0x0A)  // n
            case 0x72: out.append(0x0D)  // r
            case 0x74: out.append(0x09)  // t
            case 0x75:  // u
                guard let unit = hex4(p, at: i + 2, count: count) else { throw EscapeError(offset: i) }
                var scalar = UInt32(unit)
                var width = 6
                if (0xD800...0xDBFF).contains(unit) {
                    if i + 7 < count, p[i + 6] == 0x5C, p[i + 7] == 0x75,
                       let low = hex4(p, at: i + 8, count: count), (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        width = 12
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(unit) {
                    scalar = 0xFFFD
                }
                appendUTF8(scalar, to: out)
                i += width
                continue
            default:
                throw EscapeError(offset: i)
            }
            i += 2
        }
    }

    private static func hex4(_ p: UnsafePointer<UInt8>, at start: Int, count: Int) -> UInt16? {
        guard start + 4 <= count else { return nil }
        var value: UInt16 = 0
        for k in 0..<4 {
            let c = p[start + k]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: ByteBuffer) {
        switch scalar {
        case ..<0x80:
            out.append(UInt8(scalar))
        case ..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

/// The index of the first `byte` in `p[0..<count]`, found with `memchr`.
@inline(__always)
func memchrIndex(_ p: UnsafePointer<UInt8>, _ byte: UInt8, _ count: Int) -> Int? {
    guard count > 0, let hit = memchr(p, Int32(byte), count) else { return nil }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(p)
}
