#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where cleaned bytes go: a file descriptor or memory.
public protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Writes out anything buffered.
    func flush() throws
}

/// The reader of our output went away (`sluice big.txt | head -1`): stop quietly.
public struct BrokenPipeError: Error, Equatable {
    public init() {}
}

/// Writes to a file descriptor through a large buffer, retrying short and interrupted writes.
/// A closed pipe (EPIPE) becomes `BrokenPipeError`; SIGPIPE must be ignored by the process.
public final class FileDescriptorSink: ByteSink {
    public let fd: Int32
    public let name: String
    private let buffer: ByteBuffer
    private let bufferSize: Int
    /// Bytes handed to the kernel so far.
    public private(set) var bytesWritten: Int64 = 0

    public init(fd: Int32, name: String, bufferSize: Int = 256 * 1024) {
        self.fd = fd
        self.name = name
        self.bufferSize = bufferSize
        self.buffer = ByteBuffer(capacity: bufferSize)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > bufferSize { try flush() }
        if bytes.count >= bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(bytes)
        }
    }

    public func flush() throws {
        guard buffer.count > 0 else { return }
        defer { buffer.removeAll() }
        try writeAll(buffer.bytes)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #else
            let n = Darwin.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw BrokenPipeError() }
                throw IOError(path: name, errno: errno)
            }
            offset += n
            bytesWritten += Int64(n)
        }
    }
}

/// Collects output in memory (tests, JSONL fields).
public final class MemorySink: ByteSink {
    public let buffer = ByteBuffer()
    public init() {}
    public func write(_ bytes: UnsafeRawBufferPointer) throws { buffer.append(bytes) }
    public func flush() throws {}
    /// Everything written so far.
    public var bytes: [UInt8] { buffer.array }
}
