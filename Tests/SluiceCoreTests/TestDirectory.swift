// A scratch directory for a test, and the built sluice binary to run in it.
import Foundation
import Testing

/// A fresh directory under the system's temporary directory, deleted when the test ends.
final class TestDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/sluice-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The absolute path of `relative`.
    func url(_ relative: String) -> String { path + "/" + relative }

    /// Writes `bytes` to `relative`, making its directories.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = url(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String { try write(relative, Array(text.utf8)) }

    func read(_ relative: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: url(relative)))) }

    func text(_ relative: String) throws -> String { String(decoding: try read(relative), as: UTF8.self) }

    /// Every file below `relative`, as sorted relative paths.
    func files(under relative: String) -> [String] {
        let root = url(relative)
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { entry in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + entry, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }
}

/// The result of running the sluice binary.
struct Run {
    var status: Int32
    var stdout: [UInt8]
    var stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// The sluice binary built beside the test bundle (`.build/debug/sluice`).
enum SluiceBinary {
    static var path: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = (exe as NSString).deletingLastPathComponent
        while !directory.isEmpty && directory != "/" {
            let candidate = directory + "/sluice"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return repositoryRoot + "/.build/debug/sluice"
    }

    /// Starts sluice with `arguments` in `directory`.
    static func start(_ arguments: [String], in directory: String, stdin: [UInt8] = []) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        return (process, output, errors)
    }

    /// Runs sluice with `arguments` in `directory` to the end.
    static func run(_ arguments: [String], in directory: String, stdin: [UInt8] = []) throws -> Run {
        let (process, output, errors) = try start(arguments, in: directory, stdin: stdin)
        // Read both pipes while the process runs, so neither fills up.
        nonisolated(unsafe) var errorBytes = Data()
        let reader = Thread { errorBytes = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outBytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Run(status: process.terminationStatus, stdout: Array(outBytes),
                   stderr: String(decoding: errorBytes, as: UTF8.self))
    }
}
