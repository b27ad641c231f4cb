/// Turns the command line's inputs and output choice into the list of files to clean, each with
/// where its output goes, and refuses the combinations that cannot work.
///
///     sluice corpus -o clean          corpus/a/b.txt  →  clean/a/b.txt
///     sluice web news -o clean        web/x.txt       →  clean/web/x.txt,  news/y.txt → clean/news/y.txt
///     sluice notes.txt -o clean       notes.txt       →  clean/notes.txt
///     sluice corpus --in-place        corpus/a/b.txt  →  corpus/a/b.txt (rewritten)
///     sluice a.txt b.txt              a.txt, b.txt    →  standard output, in that order
///     sluice learn corpus             corpus/a/b.txt  →  read only
///
/// One directory alone is mirrored straight into OUTDIR; with several inputs, each lands in
/// OUTDIR under its own name (so two inputs with the same name are refused).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where cleaned output goes.
public enum OutputTarget: Equatable, Sendable {
    /// Standard output, documents one after another in argument order.
    case standardOutput
    /// `-o OUTDIR`: a file per input, mirroring directory trees.
    case directory(String)
    /// `--in-place`: each file rewritten.
    case inPlace
    /// Nothing is written: the inputs are only read (`sluice learn`).
    case nowhere
}

/// How inputs are read: as documents, or as JSONL records.
public enum InputFormat: String, CaseIterable, Sendable {
    /// Each input is one document.
    case text
    /// One JSON object per line; one field of each is cleaned.
    case jsonl

    /// The format for `path` when `--format` is not given: JSONL for `.jsonl` and `.jsonl.gz`.
    public static func guess(for path: String) -> InputFormat {
        path.hasSuffix(".jsonl") || path.hasSuffix(".jsonl.gz") ? .jsonl : .text
    }
}

/// A command line that asks for something sluice cannot do; nothing was processed (exit 2).
public struct UsageError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One file to clean and where its output goes.
public struct FileJob: Sendable, Equatable {
    /// The path to read; `-` is standard input.
    public var source: String
    /// The output path, or nil for standard output.
    public var destination: String?
    /// The size when listed, for progress (0 for standard input).
    public var size: Int64
    /// Found by walking a directory: skipped when its content looks binary.
    public var sniff: Bool
}

/// The files of a run, in output order.
public struct RunPlan {
    /// Where the outputs go.
    public var target: OutputTarget
    public var jobs: [FileJob] = []
    /// Directories the outputs go into, each listed once, parents first.
    public var outputDirectories: [String] = []
    /// Inputs and directories that could not be read (`path: reason`), already counted as failed.
    public var problems: [WalkProblem] = []

    /// Plans `arguments` (empty means standard input) for `target`.
    public static func make(arguments: [String], target: OutputTarget,
                            selection: FileSelection) throws(UsageError) -> RunPlan {
        var plan = RunPlan(target: target)
        let inputs = arguments.isEmpty ? ["-"] : arguments
        let mirrorsOneDirectory = inputs.count == 1 && isDirectory(inputs[0])
        var namesInOutput: [String: String] = [:]
        var directories = Set<String>()

        for input in inputs {
            if input == "-" {
                guard target == .standardOutput || target == .nowhere else {
                    throw UsageError("standard input (-) can only be cleaned to standard output, not with -o or --in-place")
                }
                plan.jobs.append(FileJob(source: "-", destination: nil, size: 0, sniff: false))
                continue
            }
            var info = stat()
            guard stat(input, &info) == 0 else {
                plan.problems.append(WalkProblem(path: input, reason: IOError(path: input, errno: errno).reason, isFailure: true))
                continue
            }
            let name = baseName(of: input)
            if case let .directory(outdir) = target, !mirrorsOneDirectory {
                if let other = namesInOutput[name] {
                    throw UsageError("\(other) and \(input) would both be written to \(join(outdir, name)); clean them in separate runs")
                }
                namesInOutput[name] = input
            }
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                let destination: String?
                switch target {
                case .standardOutput, .nowhere: destination = nil
                case .inPlace: destination = inPlaceTarget(input)
                case let .directory(outdir): destination = join(outdir, name)
                }
                plan.jobs.append(FileJob(source: input, destination: destination, size: Int64(info.st_size), sniff: false))
                if let destination { directories.insert(parent(of: destination)) }
                continue
            }
            let outputRoot: String?
            switch target {
            case .standardOutput:
                throw UsageError("\(input): is a directory; give -o OUTDIR to mirror it, or --in-place to rewrite its files")
            case .inPlace, .nowhere:
                outputRoot = nil
            case let .directory(outdir):
                if let inside = resolvedPath(outdir), let tree = resolvedPath(input), inside == tree || inside.hasPrefix(tree + "/") {
                    throw UsageError("-o \(outdir) is inside the input directory \(input); choose an output directory outside it")
                }
                outputRoot = mirrorsOneDirectory ? outdir : join(outdir, name)
            }
            let walker = TreeWalker(selection: selection)
            for file in walker.files(under: input, report: { plan.problems.append($0) }) {
                let destination = target == .nowhere ? nil
                    : outputRoot.map { join($0, file.relativePath) } ?? inPlaceTarget(file.path)
                plan.jobs.append(FileJob(source: file.path, destination: destination, size: file.size, sniff: true))
                if let destination { directories.insert(parent(of: destination)) }
            }
        }
        plan.outputDirectories = directories.sorted()
        return plan
    }

    /// The file `--in-place` rewrites for `path`: the file a symbolic link points to, so that
    /// the link stays a link.
    private static func inPlaceTarget(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return path }
        return resolvedPath(path) ?? path
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return path != "-" && stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The last component of `path`, trailing slashes ignored; of the resolved path for `.` and `..`.
    static func baseName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let name = trimmed.split(separator: "/").last.map(String.init) ?? "/"
        if name == "." || name == "..", let resolved = resolvedPath(path) {
            return resolved.split(separator: "/").last.map(String.init) ?? "/"
        }
        return name
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The absolute path with symbolic links resolved, for a path that may not exist yet (its
    /// existing ancestors are resolved and the rest appended).
    static func resolvedPath(_ path: String) -> String? {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        guard errno == ENOENT else { return nil }
        let name = baseName(of: path)
        let up = path.contains("/") ? parent(of: path) : "."
        guard up != path, let base = resolvedPath(up) else { return nil }
        return join(base, name)
    }
}
