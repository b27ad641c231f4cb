/// Decides which files of a directory tree sluice cleans, by name and by a look at the content.
///
///     notes.txt  page.text  dump.jsonl  dump.txt.gz  README   → cleaned (README, README.gz: if they sniff as text)
///     photo.jpg  .hidden.txt  link → dir                      → left alone (unless --include, --hidden, --follow)
///
/// By name: with no `--include`, files ending in `.txt`, `.text` or `.jsonl` (each optionally
/// followed by `.gz`) and files without an extension are taken; with `--include GLOB`, the files
/// matching a glob are taken instead. A file or directory matching an `--exclude GLOB` is left
/// out. A glob with a `/` is matched (fnmatch) against the path below the directory argument,
/// one without against the name alone.
///
/// By content (`TextSniffer`): a file whose first 8 KiB hold a NUL byte, or more than a quarter
/// of whose first 8 KiB is invalid UTF-8, is binary and skipped with a warning.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which files and directories a walk takes.
public struct FileSelection: Sendable {
    /// `--include`: when not empty, only files matching one of these are taken.
    public var include: [String] = []
    /// `--exclude`: files and directories matching one of these are left out.
    public var exclude: [String] = []
    /// `--hidden`: also walk names starting with `.`.
    public var hidden = false
    /// `--follow`: follow symbolic links (loops are detected and reported).
    public var follow = false

    public init() {}

    /// The extensions taken when no `--include` is given, each also with `.gz` after it.
    public static let textExtensions = ["txt", "text", "jsonl"]

    /// Whether the directory `name` (at `relativePath` below the argument) is walked.
    public func walksDirectory(name: String, relativePath: String) -> Bool {
        (hidden || !name.hasPrefix(".")) && !matches(exclude, name: name, relativePath: relativePath)
    }

    /// Whether the file `name` (at `relativePath` below the argument) is taken by its name.
    public func takesFile(name: String, relativePath: String) -> Bool {
        if !hidden && name.hasPrefix(".") { return false }
        if AtomicOutput.isTemporaryName(name) { return false }
        if matches(exclude, name: name, relativePath: relativePath) { return false }
        if !include.isEmpty { return matches(include, name: name, relativePath: relativePath) }
        var stem = Substring(name)
        if stem.hasSuffix(".gz") { stem = stem.dropLast(3) }
        guard let dot = stem.lastIndex(of: "."), dot != stem.startIndex else { return true }
        return Self.textExtensions.contains(String(stem[stem.index(after: dot)...]))
    }

    private func matches(_ globs: [String], name: String, relativePath: String) -> Bool {
        globs.contains { glob in
            glob.contains("/") ? fnmatch(glob, relativePath, FNM_PATHNAME) == 0 : fnmatch(glob, name, 0) == 0
        }
    }
}

/// Tells text from binary by the first bytes of a file.
public enum TextSniffer {
    /// How many leading bytes are looked at.
    public static let sampleSize = 8192

    /// True when `sample` (a file's first bytes) looks like binary data: a NUL byte, or more
    /// than a quarter of the bytes in invalid UTF-8 sequences. A sequence cut by the end of the
    /// sample counts as valid.
    public static func looksBinary(_ sample: UnsafeRawBufferPointer) -> Bool {
        guard let base = sample.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let count = sample.count
        if memchr(base, 0, count) != nil { return true }
        var invalid = 0
        var i = UTF8Repair.asciiPrefixLength(base, count: count)
        while i < count {
            if base[i] < 0x80 { i += 1; continue }
            let (length, complete) = UTF8Repair.wellFormedPrefix(base + i, available: count - i)
            if !complete && i + length < count { invalid += length }
            i += length
        }
        return invalid * 4 > count
    }
}
