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
    /// `state` across the pieces of one line. Returns true when everything written is ASCII.
    @discardableResult
    public static func apply(_ p: UnsafePointer<UInt8>, count: Int, into out: ByteBuffer,
                             state: inout LineState) -> Bool {
        out.reserve(count)
        var pendingSpace = state.pendingSpace
        var wroteAny = state.wroteAny
        var previous = state.previous
        var ascii = true
        var i = 0
        defer {
            state.pendingSpace = pendingSpace
            state.wroteAny = wroteAny
            state.previous = previous
        }

        @inline(__always) func emit(_ start: Int, _ length: Int, _ scalar: UInt32) {
            if pendingSpace && wroteAny { out.append(0x20) }
            pendingSpace = false
            wroteAny = true
            out.append(p + start, count: length)
            previous = scalar
        }

        while i < count {
            let b = p[i]
            if b < 0x80 {
                if b > 0x20 && b != 0x7F {
                    // A run of printable ASCII goes in one copy.
                    var j = i + 1
                    while j < count && p[j] > 0x20 && p[j] < 0x7F { j += 1 }
                    emit(i, j - i, UInt32(p[j - 1]))
                    i = j
                    continue
                }
                if b == 0x20 || b == 0x09 { pendingSpace = true }
                i += 1
                continue
            }
            ascii = false
            let length = UTF8Repair.sequenceLength(lead: b)
            let scalar = UTF8Repair.decode(p + i, length: length)
            switch classify(scalar) {
            case .keep:
                emit(i, length, scalar)
            case .space:
                pendingSpace = true
            case .remove:
                break
            case .joiner:
                // Kept only between two characters that stay adjacent to it in the output.
                let next = i + length < count ? decodeAt(p, i + length, count) : 0
                if !pendingSpace && joins(previous) && joins(next) && classify(next) == .keep {
                    emit(i, length, scalar)
                }
            }
            i += length
        }
        return ascii
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

    /// A character a joiner may stand beside: of a script above Hebrew's start, not a joiner.
    @inline(__always)
    private static func joins(_ c: UInt32) -> Bool { c >= 0x0590 && c != 0x200C && c != 0x200D }

    @inline(__always)
    private static func decodeAt(_ p: UnsafePointer<UInt8>, _ i: Int, _ count: Int) -> UInt32 {
        let length = UTF8Repair.sequenceLength(lead: p[i])
        return i + length <= count ? UTF8Repair.decode(p + i, length: length) : 0
    }
}
