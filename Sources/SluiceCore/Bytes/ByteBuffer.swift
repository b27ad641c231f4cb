import Glibc

/// A growable, contiguous buffer of bytes that the hot path reuses line after line.
///
/// Swift's `Array` checks uniqueness and bounds on every append; sluice fills and empties the
/// same few buffers millions of times, so it keeps raw storage and grows it geometrically.
/// A buffer is owned by one thread at a time.
///
///     let buffer = ByteBuffer()
///     buffer.append(contentsOf: "héllo".utf8)
///     buffer.count // 6
public final class ByteBuffer {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public private(set) var capacity: Int
    /// The number of bytes in use, from `base`.
    public var count: Int = 0

    public init(capacity: Int = 256) {
        self.capacity = Swift.max(capacity, 16)
        self.base = Self.reallocate(nil, self.capacity)
    }

    deinit { free(base) }

    /// Makes room for at least `extra` more bytes after `count`.
    @inline(__always)
    public func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    /// Grows the storage with `realloc`: a large block (which the C library maps by itself)
    /// is moved by remapping its pages, neither copied nor faulted in again.
    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        base = Self.reallocate(base, newCapacity)
        capacity = newCapacity
    }

    private static func reallocate(_ p: UnsafeMutablePointer<UInt8>?, _ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        guard let raw = realloc(p, capacity) else { fatalError("out of memory: \(capacity) bytes") }
        return raw.assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always)
    public func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    public func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        guard n > 0 else { return }
        reserve(n)
        (base + count).update(from: bytes, count: n)
        count += n
    }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        append(start.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    public func append<S: Sequence>(contentsOf bytes: S) where S.Element == UInt8 {
        for byte in bytes { append(byte) }
    }

    /// Empties the buffer and keeps its storage.
    @inline(__always)
    public func removeAll() { count = 0 }

    /// The bytes in use, valid until the buffer is next changed.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the bytes in use.
    public var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
