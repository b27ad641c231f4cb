/// A 64-bit hash of a byte string, eight bytes at a time: fast on short keys, stable across runs
/// and machines of one byte order (so the same input learns the same rules), never 0 (callers
/// may keep 0 for "none").
///
///     ByteHash.of(p, count: 13)   // the hash of "leave a reply"
enum ByteHash {
    @inline(__always)
    static func of(_ base: UnsafePointer<UInt8>, count n: Int) -> UInt64 {
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        var i = 0
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n { tail |= UInt64(base[i]) << shift; shift += 8; i += 1 }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h == 0 ? 1 : h
    }

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress else { return of(UnsafePointer(bitPattern: 1)!, count: 0) }
        return of(base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }
}
