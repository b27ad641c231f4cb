#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The keys of the `=` phrases, looked up whole. A line matches such a phrase exactly when its
/// folded key, without the padding spaces, is the phrase's key; so one hash lookup per line
/// replaces scanning for hundreds of them, and the phrase automaton, kept for the phrases and
/// literals that may stand anywhere in a line, is smaller and stays in the caches.
///
///     let table = WholeKeyTable([Array("leave a reply".utf8), Array("share".utf8)])
///     table.find(p, count: 5)   // 1 when p holds "share"; nil for "share it"
///
/// Immutable once built, and shared by all threads.
final class WholeKeyTable: @unchecked Sendable {
    /// Open addressing: each slot holds a key's hash and its index + 1 (0: empty).
    private let hashes: UnsafeMutablePointer<UInt64>
    private let indices: UnsafeMutablePointer<Int32>
    private let mask: Int
    /// Key i is `bytes[starts[i] ..< starts[i + 1]]`.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>
    let count: Int

    /// - Precondition: the keys are distinct.
    init(_ keys: [[UInt8]]) {
        count = keys.count
        var size = 16
        while size < 2 * keys.count { size *= 2 }
        mask = size - 1
        hashes = .allocate(capacity: size)
        hashes.initialize(repeating: 0, count: size)
        indices = .allocate(capacity: size)
        indices.initialize(repeating: 0, count: size)
        let all = keys.flatMap { $0 }
        bytes = .allocate(capacity: Swift.max(1, all.count))
        bytes.initialize(from: all, count: all.count)
        starts = .allocate(capacity: keys.count + 1)
        starts[0] = 0
        for (i, key) in keys.enumerated() {
            starts[i + 1] = starts[i] + key.count
            let hash = ByteHash.of(bytes + starts[i], count: key.count)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while indices[slot] != 0 { slot = (slot + 1) & mask }
            hashes[slot] = hash
            indices[slot] = Int32(i + 1)
        }
    }

    deinit {
        hashes.deallocate()
        indices.deallocate()
        bytes.deallocate()
        starts.deallocate()
    }

    /// The index of the key equal to `count` bytes at `p`, or nil.
    @inline(__always)
    func find(_ p: UnsafePointer<UInt8>, count n: Int) -> Int? {
        let hash = ByteHash.of(p, count: n)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(indices[slot])
            if stored == 0 { return nil }
            let i = stored - 1
            if hashes[slot] == hash && starts[i + 1] - starts[i] == n && memcmp(bytes + starts[i], p, n) == 0 {
                return i
            }
            slot = (slot + 1) & mask
        }
    }
}
