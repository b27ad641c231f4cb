/// Writes an output file all at once or not at all: the bytes go to a temporary file beside the
/// target, which is renamed over the target only when complete.
///
///     out/a/page.txt   ← rename ←   out/a/.page.txt.sluice-tmp-4242   (being written by pid 4242)
///
/// A run killed at any moment (even `kill -9`) leaves every target either absent, as it was, or
/// complete; what it leaves behind is at most a temporary file, hidden, named for its process,
/// never taken as input, and deleted by the next run that writes into that directory once that
/// process is gone (`removeStaleTemporaries`).
///
/// Durability: by default the data is not fsynced (a rename is atomic against a killed process,
/// not against a power cut, and fsyncing millions of files is slow); with `fsync`, `commit`
/// fsyncs the file before the rename and the directory after it.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file being written under a temporary name.
public final class AtomicOutput {
    /// The path the output gets when committed.
    public let target: String
    /// Where it is written meanwhile.
    public let temporaryPath: String
    /// Buffered writes to the temporary file.
    public let sink: FileDescriptorSink
    private var open = true

    private static let marker = ".sluice-tmp-"

    /// True for the names of temporary files (`.NAME.sluice-tmp-PID`), which walks never take.
    public static func isTemporaryName(_ name: String) -> Bool {
        name.hasPrefix(".") && name.contains(marker)
    }

    /// Creates the temporary file for `target`, with the permission bits `mode` (less the umask
    /// unless `exactMode`).
    public init(target: String, mode: mode_t = 0o666, exactMode: Bool = false) throws(IOError) {
        let (directory, name) = Self.split(target)
        self.target = target
        self.temporaryPath = directory + "." + name + Self.marker + String(getpid())
        let fd = Glibc.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw IOError(path: target, errno: errno) }
        if exactMode { _ = fchmod(fd, mode) }
        self.sink = FileDescriptorSink(fd: fd, name: target)
    }

    deinit { abandon() }

    /// Gives the file the owner and group of `info` (when allowed: as root, or for a group one
    /// is in); a refusal is ignored.
    public func copyOwnership(from info: stat) {
        _ = fchown(sink.fd, info.st_uid, info.st_gid)
        _ = fchmod(sink.fd, info.st_mode & 0o7777)  // chown may clear set-id bits
    }

    /// Flushes, optionally fsyncs, and renames the file to `target`.
    public func commit(fsync sync: Bool) throws(IOError) {
        do { try sink.flush() } catch {
            abandon()
            throw (error as? IOError) ?? IOError(path: target, errno: EIO)
        }
        if sync && fsync(sink.fd) != 0 { let code = errno; abandon(); throw IOError(path: target, errno: code) }
        open = false
        if close(sink.fd) != 0 || rename(temporaryPath, target) != 0 {
            let code = errno
            unlink(temporaryPath)
            throw IOError(path: target, errno: code)
        }
        if sync {
            let directory = Self.split(target).directory
            let fd = Glibc.open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 { _ = fsync(fd); close(fd) }
        }
    }

    /// Closes and deletes the temporary file; the target is left as it was.
    public func abandon() {
        guard open else { return }
        open = false
        close(sink.fd)
        unlink(temporaryPath)
    }

    /// Deletes the temporary files in `directory` left by sluice processes no longer running.
    public static func removeStaleTemporaries(in directory: String) {
        guard let names = try? TreeWalker.entries(of: directory) else { return }
        let me = getpid()
        for name in names where isTemporaryName(name) {
            guard let dash = name.lastIndex(of: "-"), let pid = Int32(name[name.index(after: dash)...]),
                  pid != me, kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(directory.hasSuffix("/") ? directory + name : directory + "/" + name)
        }
    }

    /// `("dir/sub/", "name")` for `dir/sub/name`, `("", "name")` for `name`.
    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }
}
