/// Eight bytes read as one `UInt64` and tested all at once (SWAR): word counting uses it to
/// skip ordinary text eight bytes at a time. (Hygiene's copy loop is a vector kernel in C,
/// `CByteScan`, which tests sixteen at a time.)
///
///     ByteLanes.zeroes(0x4100_2000_0000_0042)  // 0x0080_0080_8080_8000: the zero bytes
///     ByteLanes.zeroes(x ^ ByteLanes.repeating(0x20))  // the spaces of x
enum ByteLanes {
    /// `byte` in each of the eight lanes.
    @inline(__always)
    static func repeating(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// 0x80 in each lane of `v` that is zero, and 0 in the others (exact: no false positives
    /// from borrows between lanes).
    @inline(__always)
    static func zeroes(_ v: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((v & low7) &+ low7) | v | low7)
    }
}
