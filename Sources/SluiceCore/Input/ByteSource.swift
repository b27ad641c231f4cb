#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a document's bytes come from: a file descriptor, or memory (tests, JSONL fields).
public protocol ByteSource {
    /// Reads up to `buffer.count` bytes; returns 0 at the end of the input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// An error reading or writing, with the path or stream it concerns.
public struct IOError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var errno: Int32
    public init(path: String, errno: Int32) {
        self.path = path
        self.errno = errno
    }
    /// The system's words for the error, like `No such file or directory`.
    public var reason: String { String(cString: strerror(errno)) }
    public var description: String { "\(path): \(reason)" }
}

/// Reads from an open file descriptor (a file, a pipe, stdin), retrying interrupted reads.
public struct FileDescriptorSource: ByteSource {
    public let fd: Int32
    public let name: String

    public init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            #else
            let n = Darwin.read(fd, buffer.baseAddress, buffer.count)
            #endif
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw IOError(path: name, errno: errno)
        }
    }
}

/// Reads from bytes in memory, at most `chunk` bytes per read (tests use tiny chunks to put
/// every boundary case at a block edge).
public struct MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let chunk: Int

    public init<S: Sequence>(_ bytes: S, chunk: Int = .max) where S.Element == UInt8 {
        self.bytes = Array(bytes)
        self.chunk = Swift.max(1, chunk)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = Swift.min(buffer.count, chunk, bytes.count - position)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}
