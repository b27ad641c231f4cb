/// Lists the files of a directory tree that `FileSelection` takes, in a fixed order: entries
/// sorted by name (bytewise), each directory's files and subdirectories merged in that order.
///
///     corpus/a.txt  corpus/b/c.txt  corpus/b/d.jsonl.gz  corpus/e.txt
///
/// Symbolic links are skipped unless `follow` is set; a followed link that leads back to a
/// directory on the current path (same device and inode) is a loop: reported once, not walked.
/// A directory that cannot be read is reported and the walk goes on.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file found by `TreeWalker`.
public struct WalkedFile: Sendable, Equatable {
    /// The path to open: the directory argument joined with `relativePath`.
    public var path: String
    /// The path below the directory argument, like `b/c.txt`.
    public var relativePath: String
    /// The size in bytes when listed.
    public var size: Int64
}

/// Something the walk could not go through: an unreadable directory, a symlink loop.
public struct WalkProblem: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// True for a failure (counts toward exit status 1), false for a warning.
    public var isFailure: Bool
    public var description: String { "\(path): \(reason)" }
}

/// Walks directory trees for `FileSelection`.
public struct TreeWalker {
    public let selection: FileSelection

    public init(selection: FileSelection) { self.selection = selection }

    /// The files taken below `root` (a directory), calling `report` for each problem met.
    public func files(under root: String, report: (WalkProblem) -> Void) -> [WalkedFile] {
        var found: [WalkedFile] = []
        var info = stat()
        guard stat(root, &info) == 0 else {
            report(WalkProblem(path: root, reason: IOError(path: root, errno: errno).reason, isFailure: true))
            return found
        }
        var ancestors = [DirectoryIdentity(info)]
        walk(directory: root, relative: "", ancestors: &ancestors, into: &found, report: report)
        return found
    }

    /// A directory's device and inode: two paths to the same directory share them.
    private struct DirectoryIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) { device = UInt64(info.st_dev); inode = UInt64(info.st_ino) }
    }

    private func walk(directory: String, relative: String, ancestors: inout [DirectoryIdentity],
                      into found: inout [WalkedFile], report: (WalkProblem) -> Void) {
        let names: [String]
        do { names = try Self.entries(of: directory) } catch {
            report(WalkProblem(path: directory, reason: error.reason, isFailure: true))
            return
        }
        for name in names {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else {
                report(WalkProblem(path: path, reason: IOError(path: path, errno: errno).reason, isFailure: true))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard selection.follow else { continue }
                guard stat(path, &info) == 0 else {
                    report(WalkProblem(path: path, reason: "broken symbolic link, skipped", isFailure: false))
                    continue
                }
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                guard selection.walksDirectory(name: name, relativePath: relativePath) else { continue }
                let identity = DirectoryIdentity(info)
                if ancestors.contains(identity) {
                    report(WalkProblem(path: path, reason: "symbolic link loop, not followed", isFailure: false))
                    continue
                }
                ancestors.append(identity)
                walk(directory: path, relative: relativePath, ancestors: &ancestors, into: &found, report: report)
                ancestors.removeLast()
            case S_IFREG:
                if selection.takesFile(name: name, relativePath: relativePath) {
                    found.append(WalkedFile(path: path, relativePath: relativePath, size: Int64(info.st_size)))
                }
            default:
                continue  // devices, pipes, sockets
            }
        }
    }

    /// The names in `directory` (without `.` and `..`), sorted bytewise.
    static func entries(of directory: String) throws(IOError) -> [String] {
        guard let dir = opendir(directory) else { throw IOError(path: directory, errno: errno) }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix(while: { $0 != 0 }))
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
    }
}
