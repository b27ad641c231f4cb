// Walking directories: selection by name and content, order, symlink loops, the ordered job
// pool, atomic outputs and stale temporary files.
import Foundation
import Testing
@testable import SluiceCore

@Test func selectsTextFilesByName() {
    let selection = FileSelection()
    for name in ["a.txt", "a.text", "a.jsonl", "a.txt.gz", "a.jsonl.gz", "README", "README.gz"] {
        #expect(selection.takesFile(name: name, relativePath: name), "\(name)")
    }
    for name in ["a.jpg", "a.tar.gz", ".hidden.txt", ".a.txt.sluice-tmp-42"] {
        #expect(!selection.takesFile(name: name, relativePath: name), "\(name)")
    }
    var globs = FileSelection()
    globs.include = ["*.md", "docs/*.html"]
    globs.exclude = ["skip*"]
    #expect(globs.takesFile(name: "a.md", relativePath: "x/a.md"))
    #expect(globs.takesFile(name: "a.html", relativePath: "docs/a.html"))
    #expect(!globs.takesFile(name: "a.html", relativePath: "other/a.html"))
    #expect(!globs.takesFile(name: "a.txt", relativePath: "a.txt"))
    #expect(!globs.takesFile(name: "skip.md", relativePath: "skip.md"))
    #expect(!globs.walksDirectory(name: "skipped", relativePath: "skipped"))
}

@Test func sniffsBinaryContent() {
    func binary(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes(TextSniffer.looksBinary) }
    #expect(!binary(Array("plain text, café, 世界\n".utf8)))
    #expect(binary(Array("text\0with a NUL".utf8)))
    #expect(binary((0..<400).map { UInt8(0x80 + $0 % 64) }))
    #expect(!binary(Array("Latin-1 caf".utf8) + [0xE9] + Array(" is mostly fine text".utf8)))
    #expect(!binary(Array("cut at the end: ".utf8) + [0xE2, 0x82]))
}

@Test func walksInSortedOrderAndStopsAtSymlinkLoops() throws {
    let dir = try TestDirectory()
    try dir.write("t/b.txt", "b")
    try dir.write("t/a/z.txt", "z")
    try dir.write("t/a/y.jpg", "y")
    try dir.write("t/.h/x.txt", "x")
    try FileManager.default.createSymbolicLink(atPath: dir.url("t/a/loop"), withDestinationPath: "..")
    try FileManager.default.createSymbolicLink(atPath: dir.url("t/c.txt"), withDestinationPath: "b.txt")

    var problems: [String] = []
    let plain = TreeWalker(selection: FileSelection()).files(under: dir.url("t")) { problems.append($0.description) }
    #expect(plain.map(\.relativePath) == ["a/z.txt", "b.txt"])
    #expect(problems.isEmpty)

    var follow = FileSelection()
    follow.follow = true
    follow.hidden = true
    let followed = TreeWalker(selection: follow).files(under: dir.url("t")) { problems.append($0.description) }
    #expect(followed.map(\.relativePath) == [".h/x.txt", "a/z.txt", "b.txt", "c.txt"])
    #expect(problems == [dir.url("t/a/loop") + ": symbolic link loop, not followed"])
}

@Test func poolDeliversInTaskOrder() throws {
    var next = 0
    var delivered: [Int] = []
    try OrderedJobPool<Int, Int>.run(
        workers: 3, window: 5,
        makeWorker: { { n in usleep(UInt32((n * 7919) % 5) * 200); return n * n } },
        next: { next < 200 ? { defer { next += 1 }; return next }() : nil },
        deliver: { delivered.append($0) })
    #expect(delivered == (0..<200).map { $0 * $0 })
}

@Test func atomicOutputAppearsOnlyWhenCommitted() throws {
    let dir = try TestDirectory()
    let target = dir.url("out.txt")
    let output = try AtomicOutput(target: target)
    try Array("done\n".utf8).withUnsafeBytes { try output.sink.write($0) }
    try output.sink.flush()
    #expect(!FileManager.default.fileExists(atPath: target))
    #expect(FileManager.default.fileExists(atPath: output.temporaryPath))
    try output.commit(fsync: true)
    #expect(try dir.text("out.txt") == "done\n")
    #expect(dir.files(under: ".") == ["out.txt"])

    let abandoned = try AtomicOutput(target: dir.url("never.txt"))
    abandoned.abandon()
    #expect(dir.files(under: ".") == ["out.txt"])
}

@Test func removesTemporariesOfDeadProcessesOnly() throws {
    let dir = try TestDirectory()
    try dir.write(".a.txt.sluice-tmp-999999999", "stale")        // no such process
    try dir.write(".b.txt.sluice-tmp-\(getpid())", "ours")       // this process
    try dir.write(".c.txt.sluice-tmp-1", "init's")                // a live process
    AtomicOutput.removeStaleTemporaries(in: dir.path)
    #expect(dir.files(under: ".") == [".b.txt.sluice-tmp-\(getpid())", ".c.txt.sluice-tmp-1"])
}
