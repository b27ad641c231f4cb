#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A piece of a regex's required literal that can be looked for in a line's raw bytes, ASCII
/// case-insensitively, without folding the line: a cheap test that a long line cannot match.
///
///     CaselessLiteral.of(pattern: #"\s*\(opens? in (?:a )?new (?:window|tab)\)"#)  // "(open"
///     literal.occurs(in: "Read the report (Opens in new window) here.")          // true
///
/// ICU's case-insensitive matching folds the text with full case folding, and a few non-ASCII
/// characters fold to ASCII letters (`ß` → ss, `ſ` → s, `K` → k, `ﬁ` → fi, `ŉ` → ʼn, `ẚ` → aʾ,
/// `İ` → i̇ …), so a match could hold a letter that is not in the raw bytes. The piece is
/// therefore drawn only from characters no such folding produces where it stands: ASCII digits,
/// punctuation and spaces, and letters other than f, i, k, l, s, t; with no `n` first (ŉ) and no
/// a, h, j, w or y last (ẚ, ẖ, ǰ, ẘ, ẙ). A regex match then holds the piece byte for byte, up to
/// ASCII case.
struct CaselessLiteral: Sendable {
    /// The piece, lowercased.
    let bytes: [UInt8]
    /// The index in `bytes` of the byte searched for first (the rarest in English text).
    let anchor: Int

    /// The piece (of at least `minimum` bytes) of `pattern`'s required literal runs whose
    /// rarest byte is rarest, the longest of those: the search stops only at that byte.
    static func of(pattern: String, minimum: Int = 4) -> CaselessLiteral? {
        var best: CaselessLiteral? = nil
        for run in RequiredLiteral.runs(of: pattern) ?? [] {
            for piece in pieces(of: Array(run.utf8)) where piece.count >= minimum {
                let anchor = piece.indices.min { rank(piece[$0]) < rank(piece[$1]) }!
                let candidate = CaselessLiteral(bytes: piece, anchor: anchor)
                if let b = best, (b.rarity, -b.bytes.count) <= (candidate.rarity, -piece.count) { continue }
                best = candidate
            }
        }
        return best
    }

    private var rarity: Int { Self.rank(bytes[anchor]) }

    /// The maximal stretches of `run` made of safe bytes, trimmed of unsafe edges, lowercased.
    private static func pieces(of run: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        func flush() {
            while let first = current.first, first == UInt8(ascii: "n") { current.removeFirst() }
            while let last = current.last, Array("ahjwy".utf8).contains(last) { current.removeLast() }
            if !current.isEmpty { result.append(current) }
            current = []
        }
        for b in run {
            let lower = isASCIILetter(b) ? b | 0x20 : b
            if b < 0x80 && !Array("fiklst".utf8).contains(lower) {
                current.append(lower)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// How common a byte is in running text (lower is rarer): space, then letters by English
    /// frequency, then digits and punctuation.
    private static func rank(_ b: UInt8) -> Int {
        if b == 0x20 { return 100 }
        let order = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)
        if let i = order.firstIndex(of: b) { return 90 - i }
        if b >= 0x30 && b <= 0x39 { return 20 }
        if b == UInt8(ascii: ".") || b == UInt8(ascii: ",") { return 60 }
        return 10
    }

    /// Whether the piece occurs in `line`, ASCII case-insensitively.
    func occurs(in line: UnsafeRawBufferPointer) -> Bool {
        guard let base = line.baseAddress, line.count >= bytes.count else { return false }
        let p = base.assumingMemoryBound(to: UInt8.self)
        let a = bytes[anchor]
        let cases: (UInt8, UInt8) = Self.isASCIILetter(a) ? (a, a & ~0x20) : (a, a)
        // Candidates for the anchor: from `anchor` (the piece must fit before it) to the last
        // place where it can still fit after.
        var from = anchor
        let last = line.count - (bytes.count - anchor)
        while from <= last {
            var span = last - from + 1
            var hit = memchr(base + from, Int32(cases.0), span)
            if cases.1 != cases.0 {
                if let hit { span = UnsafeRawPointer(hit) - (base + from) }  // the other case only before it
                if let other = memchr(base + from, Int32(cases.1), span) { hit = other }
            }
            guard let hit else { return false }
            let at = UnsafeRawPointer(hit) - base
            if matches(p + (at - anchor)) { return true }
            from = at + 1
        }
        return false
    }

    private func matches(_ p: UnsafePointer<UInt8>) -> Bool {
        for i in 0..<bytes.count {
            let b = p[i]
            let lower = Self.isASCIILetter(b) ? b | 0x20 : b
            if lower != bytes[i] { return false }
        }
        return true
    }
}
