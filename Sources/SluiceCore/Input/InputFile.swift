#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input opened for reading: a path, or standard input for `-`.
public struct InputFile {
    public let path: String
    public let source: FileDescriptorSource
    private let ownsDescriptor: Bool

    /// The name used in messages: `standard input` for `-`, the path otherwise.
    public static func displayName(_ path: String) -> String { path == "-" ? "standard input" : path }

    /// Opens `path` (`-` is standard input). A directory is refused with EISDIR.
    public static func open(_ path: String) throws -> InputFile {
        if path == "-" {
            return InputFile(path: path, source: FileDescriptorSource(fd: 0, name: displayName(path)), ownsDescriptor: false)
        }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(path: path, errno: errno) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            Glibc.close(fd)
            throw IOError(path: path, errno: EISDIR)
        }
        posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        return InputFile(path: path, source: FileDescriptorSource(fd: fd, name: path), ownsDescriptor: true)
    }

    public func close() {
        if ownsDescriptor { _ = Glibc.close(source.fd) }
    }
}
