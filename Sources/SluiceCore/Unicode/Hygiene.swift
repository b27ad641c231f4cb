import CByteScan

/// The in-line text hygiene steps, applied to one line of valid UTF-8.
///
/// Each step is on by default and `--no-hygiene` turns them all off:
/// - C0 and C1 control characters are removed (a tab becomes a space; NEL, U+0085, too);
/// - invisible format characters are removed: soft hyphen, zero-width space, word joiner,
///   U+FEFF (byte-order mark or stray), Mongolian vowel separator; the zero-width joiner and
///   non-joiner too, except between two characters from U+0590 up (Hebrew, Arabic, Indic
///   scripts, emoji sequences), which need them;
/// - every space separator (NBSP, en/em/thin/hair spaces, narrow NBSP, ideographic space, …),
///   and the line and paragraph separators, become one ASCII space;
/// - runs of spaces collapse to one, and spaces at either end of the line are removed.
///
///     "\u{FEFF}Leave\u{00A0}a  re\u{00AD}ply\t"  →  "Leave a reply"
///
/// The line-level steps (CR and CRLF to LF, blank-line runs, the final newline) belong to
/// `DocumentCleaner`.
public enum Hygiene {
    /// What the steps carry from one piece of a long line to the next.
    public struct LineState {
        /// Spaces were seen and not yet written (they are written only before more text).
        var pendingSpace = false
        /// Something was written on this line: a space may follow it.
        var wroteAny = false
        /// The last code point written.
        var previous: UInt32 = 0

        /// The state at the start of a line.
        public init() {}
    }

    /// Copies `count` bytes of valid UTF-8 to `out` with the hygiene steps applied, carrying
    /// `state` across the pieces of one line.
    ///
    /// The output is never longer than the input plus one pending space, so it is written
    /// through a raw pointer into space reserved once.
    public static func apply(_ p: UnsafePointer<UInt8>, count: Int, into out: ByteBuffer,
                             state: inout LineState) {
        out.reserve(count + 1)
        let dst = out.base + out.count
        var n = 0
        var pendingSpace = state.pendingSpace
        var wroteAny = state.wroteAny
        var i = 0

        while i < count {
            // A space is left pending: it is written only before more text, and only one.
            if p[i] == 0x20 {
                pendingSpace = true
                i &+= 1
                continue
            }
            // The bytes that need no decision are copied by the vector kernel, up to the next
            // byte that does (a control, a space after a space, a character `classify` may
            // treat). A space that ends the run is taken back and left pending.
            let at = pendingSpace && wroteAny ? n &+ 1 : n
            let run = sluice_tidy_copy(p + i, count &- i, dst + at)
            if run > 0 {
                if pendingSpace {
                    if wroteAny { dst[n] = 0x20; n &+= 1 }
                    pendingSpace = false
                }
                n &+= run
                i &+= run
                wroteAny = true
                if dst[n &- 1] == 0x20 {
                    n &-= 1
                    pendingSpace = true
                }
                continue
            }
            let b = p[i]
            if b < 0x80 {
                if b == 0x09 { pendingSpace = true }  // other controls go; spaces were taken above
                i += 1
                continue
            }
            let length = UTF8Repair.sequenceLength(lead: b)
            let scalar = UTF8Repair.decode(p + i, length: length)
            var keep = false
            switch classify(scalar) {
            case .keep:
                keep = true
            case .space:
                pendingSpace = true
            case .remove:
                break
            case .joiner:
                // Kept only between two characters that stay adjacent to it in the output.
                let next = i + length < count ? decodeAt(p, i + length, count) : 0
                let previous = n > 0 ? lastScalar(dst, n) : state.previous
                keep = !pendingSpace && joins(previous) && joins(next) && classify(next) == .keep
            }
            if keep {
                if pendingSpace {
                    if wroteAny { dst[n] = 0x20; n &+= 1 }
                    pendingSpace = false
                }
                (dst + n).update(from: p + i, count: length)
                n += length
                wroteAny = true
            }
            i += length
        }
        if n > 0 { state.previous = lastScalar(dst, n) }
        out.count += n
        state.pendingSpace = pendingSpace
        state.wroteAny = wroteAny
    }

    private enum Treatment { case keep, space, remove, joiner }

    @inline(__always)
    private static func classify(_ c: UInt32) -> Treatment {
        switch c {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return .space
        case 0x80...0x9F, 0xAD, 0x180E, 0x200B, 0x2060, 0xFEFF:
            return .remove
        case 0x200C, 0x200D:
            return .joiner
        default:
            return .keep
        }
    }

    /// The last code point of the `n` bytes of valid UTF-8 at `p`.
    @inline(__always)
    private static func lastScalar(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> UInt32 {
        var start = n - 1
        while start > 0 && p[start] & 0xC0 == 0x80 { start -= 1 }
        return UTF8Repair.decode(p + start, length: n - start)
    }

    /// A character a joiner may stand beside: of a script above Hebrew's start, not a joiner.
    @inline(__always)
    private static func joins(_ c: UInt32) -> Bool { c >= 0x0590 && c != 0x200C && c != 0x200D }

    @inline(__always)
    private static func decodeAt(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> UInt32 {
        let length = UTF8Repair.sequenceLength(lead: p[i])
        return i + length <= count ? UTF8Repair.decode(p + i, length: length) : 0
    }
}
