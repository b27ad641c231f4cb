#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for writing (created or truncated), buffered.
///
///     let log = try OutputFile.create("removals.jsonl")
///     defer { try? log.flush(); log.close() }
public enum OutputFile {
    /// Creates or truncates `path` (mode 0644 before the umask).
    public static func create(_ path: String) throws -> ClosableFileSink {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(path: path, errno: errno) }
        return ClosableFileSink(fd: fd, name: path)
    }
}

/// A `FileDescriptorSink` that owns its descriptor.
public final class ClosableFileSink: ByteSink {
    private let sink: FileDescriptorSink
    public init(fd: Int32, name: String) { sink = FileDescriptorSink(fd: fd, name: name) }
    public func write(_ bytes: UnsafeRawBufferPointer) throws { try sink.write(bytes) }
    public func flush() throws { try sink.flush() }
    public func close() { _ = Glibc.close(sink.fd) }
}
