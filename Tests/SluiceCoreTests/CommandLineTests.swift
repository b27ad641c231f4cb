// Runs the built sluice binary on scratch directories: directories, in-place, jobs, kill -9
// and resume, failures, binary files, JSONL and gzip from the command line.
import Foundation
import Testing
@testable import SluiceCore

private let dirty = "Hello\u{00A0}  world \r\n\r\n\r\nBye"
private let clean = "Hello world\n\nBye\n"

/// A tree with nested folders, an extensionless text file, a binary file, a hidden file and a
/// JSONL file.
private func makeTree(_ dir: TestDirectory) throws {
    try dir.write("in/a.txt", dirty)
    try dir.write("in/sub/b.text", "b  b\n")
    try dir.write("in/sub/deep/c.txt", "c\u{200B}c\n")
    try dir.write("in/README", "read me\n")
    try dir.write("in/logo", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])
    try dir.write("in/.hidden.txt", "hidden\n")
    try dir.write("in/photo.jpg", "not text by name\n")
    try dir.write("in/r.jsonl", #"{"id":1,"text":"x\u00a0 y","url":"https://a.example/p"}"# + "\n")
}

@Test func mirrorsNestedDirectoriesIntoTheOutputDirectory() throws {
    let dir = try TestDirectory()
    try makeTree(dir)
    let run = try SluiceBinary.run(["in", "-o", "out"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(dir.files(under: "out") == ["README", "a.txt", "r.jsonl", "sub/b.text", "sub/deep/c.txt"])
    #expect(try dir.text("out/a.txt") == clean)
    #expect(try dir.text("out/sub/deep/c.txt") == "cc\n")
    #expect(try dir.text("out/r.jsonl") == #"{"id":1,"text":"x y","url":"https://a.example/p"}"# + "\n")
    #expect(run.stderr == "sluice: in/logo: binary, skipped\n")
    #expect(run.stdout.isEmpty)
}

@Test func laysSeveralInputsOutUnderTheirNames() throws {
    let dir = try TestDirectory()
    try dir.write("web/x.txt", "x\n")
    try dir.write("news/y.txt", "y\n")
    try dir.write("one.txt", "1\n")
    let run = try SluiceBinary.run(["web", "news", "one.txt", "-o", "out"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(dir.files(under: "out") == ["news/y.txt", "one.txt", "web/x.txt"])
}

@Test func refusesDirectoriesWithoutAnOutputAndOutputsInsideTheInput() throws {
    let dir = try TestDirectory()
    try makeTree(dir)
    let bare = try SluiceBinary.run(["in"], in: dir.path)
    #expect(bare.status == 2)
    #expect(bare.stderr.contains("in: is a directory; give -o OUTDIR"))
    let inside = try SluiceBinary.run(["in", "-o", "in/clean"], in: dir.path)
    #expect(inside.status == 2)
    #expect(inside.stderr.contains("is inside the input directory in"))
    #expect(!FileManager.default.fileExists(atPath: dir.url("in/clean")))
}

@Test func rewritesInPlaceKeepingPermissions() throws {
    let dir = try TestDirectory()
    try makeTree(dir)
    chmod(dir.url("in/a.txt"), 0o640)
    let run = try SluiceBinary.run(["in", "--in-place"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try dir.text("in/a.txt") == clean)
    #expect(try dir.text("in/sub/b.text") == "b b\n")
    #expect(try dir.read("in/logo") == [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])
    var info = stat()
    stat(dir.url("in/a.txt"), &info)
    #expect(info.st_mode & 0o7777 == 0o640)
    #expect(!dir.files(under: "in").contains { $0.contains("sluice-tmp") })

    try dir.write("real.txt", "x  y\n")
    try FileManager.default.createSymbolicLink(atPath: dir.url("link.txt"), withDestinationPath: "real.txt")
    #expect(try SluiceBinary.run(["link.txt", "--in-place"], in: dir.path).status == 0)
    #expect(try dir.text("real.txt") == "x y\n")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.url("link.txt")) == "real.txt")
}

@Test func outputIsTheSameForOneAndTwoJobs() throws {
    let dir = try TestDirectory()
    for i in 0..<40 {
        try dir.write("in/d\(i % 4)/f\(i).txt", String(repeating: "line \(i)\u{00A0} é\u{0301}\r\n", count: 50 * (i + 1)))
    }
    var records = ""
    for i in 0..<5000 { records += #"{"n":\#(i),"text":"r\#(i)  \u00a0 x"}"# + "\n" }
    try dir.write("r.jsonl", records)
    let one = try SluiceBinary.run(["in", "-o", "out1", "--jobs", "1"], in: dir.path)
    let two = try SluiceBinary.run(["in", "-o", "out2", "--jobs", "2"], in: dir.path)
    #expect(one.status == 0 && two.status == 0)
    let files = dir.files(under: "out1")
    #expect(files.count == 40 && files == dir.files(under: "out2"))
    for file in files { #expect(try dir.read("out1/" + file) == (try dir.read("out2/" + file))) }

    let inputs = (0..<40).map { "in/d\($0 % 4)/f\($0).txt" }
    let stdoutOne = try SluiceBinary.run(["--jobs", "1"] + inputs, in: dir.path)
    let stdoutTwo = try SluiceBinary.run(["--jobs", "2"] + inputs, in: dir.path)
    #expect(stdoutOne.stdout == stdoutTwo.stdout)
    #expect(stdoutOne.stdout.count > 100_000)

    let recordsOne = try SluiceBinary.run(["--jobs", "1", "--format", "jsonl"], in: dir.path, stdin: Array(records.utf8))
    let recordsTwo = try SluiceBinary.run(["--jobs", "2", "--format", "jsonl"], in: dir.path, stdin: Array(records.utf8))
    #expect(recordsOne.stdout == recordsTwo.stdout)
    #expect(recordsOne.text.hasPrefix(#"{"n":0,"text":"r0 x"}"# + "\n"))
}

@Test func aKilledRunLeavesNoPartialFileAndSkipExistingFinishesIt() throws {
    let dir = try TestDirectory()
    let body = String(repeating: "some text\u{00A0} with  spaces and é\u{0301} to normalize\r\n", count: 5_000)
    for i in 0..<30 { try dir.write(String(format: "in/f%02d.txt", i), body) }
    let expected = try SluiceBinary.run(["--no-default-rules", "in/f00.txt"], in: dir.path).stdout

    let (process, _, _) = try SluiceBinary.start(["--no-default-rules", "in", "-o", "out", "--jobs", "1"], in: dir.path)
    let deadline = Date().addingTimeInterval(20)
    while dir.files(under: "out").filter({ !$0.hasPrefix(".") }).isEmpty && Date() < deadline { usleep(2000) }
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal)

    let left = dir.files(under: "out")
    let finished = left.filter { !$0.hasPrefix(".") }
    #expect(finished.count < 30, "the run ended before it was killed; nothing was tested")
    for file in finished { #expect(try dir.read("out/" + file) == expected, "\(file) is partial") }

    let resumed = try SluiceBinary.run(["--no-default-rules", "in", "-o", "out", "--skip-existing", "--stats"],
                                       in: dir.path)
    #expect(resumed.status == 0)
    #expect(resumed.stderr.contains("\(30 - finished.count) files cleaned, \(finished.count) skipped, 0 failed"))
    let all = dir.files(under: "out")
    #expect(all.count == 30, "stale temporary files were not removed: \(all)")
    for file in all { #expect(try dir.read("out/" + file) == expected) }
}

@Test func reportsFailuresAndGoesOn() throws {
    let dir = try TestDirectory()
    try dir.write("in/a.txt", "a\n")
    try dir.write("in/b.txt", "b\n")
    try dir.write("in/c.txt", "c\n")
    try dir.write("in/broken.txt.gz", "this is not gzip data")
    // A directory where an output file is expected: a target that cannot be written, even as root.
    try FileManager.default.createDirectory(atPath: dir.url("out/in/b.txt"), withIntermediateDirectories: true)
    let unreadable = getuid() != 0
    if unreadable { chmod(dir.url("in/c.txt"), 0) }  // root reads it anyway: the gzip file covers reading

    let run = try SluiceBinary.run(["in", "-o", "out", "missing.txt"], in: dir.path)
    #expect(run.status == 1)
    #expect(run.stderr.contains("sluice: missing.txt: No such file or directory"))
    #expect(run.stderr.contains("sluice: in/broken.txt.gz: corrupt gzip data"))
    #expect(run.stderr.contains("sluice: out/in/b.txt: Is a directory"), "\(run.stderr)")
    if unreadable { #expect(run.stderr.contains("sluice: in/c.txt: Permission denied")) }
    #expect(try dir.text("out/in/a.txt") == "a\n")
    #expect(run.stderr.hasSuffix(unreadable ? "1 files cleaned, 0 skipped, 4 failed\n" : "2 files cleaned, 0 skipped, 3 failed\n"), "\(run.stderr)")
}

@Test func reportsMalformedRecordsByLineAndPassesThemThrough() throws {
    let dir = try TestDirectory()
    let input = """
        {"text":"caf\\u00e9 \\ud83d\\ude00  \\ud800 x","meta":{"k":[1,2,{"text":"  "}]},"n":1.5e-3}
        not json
        {"text":42}
        {"body":"no text"}

        {"text":"  ", "id": 9}
        """ + "\n"
    try dir.write("r.jsonl", input)
    let run = try SluiceBinary.run(["r.jsonl"], in: dir.path)
    #expect(run.status == 0)
    #expect(run.text == """
        {"text":"café 😀 \u{FFFD} x","meta":{"k":[1,2,{"text":"  "}]},"n":1.5e-3}
        not json
        {"text":42}
        {"body":"no text"}

        {"text":"", "id": 9}
        """ + "\n")
    #expect(run.stderr == """
        sluice: r.jsonl:2: not a JSON object
        sluice: r.jsonl:3: the "text" field is not a string
        sluice: r.jsonl:4: no "text" field

        """)
    let strict = try SluiceBinary.run(["--strict", "--drop-empty", "--format", "jsonl"], in: dir.path, stdin: Array(input.utf8))
    #expect(strict.status == 1)
    #expect(strict.stderr.hasPrefix("sluice: standard input:2: not a JSON object\n"))
}

@Test func gzipInputsGiveGzipOutputs() throws {
    let dir = try TestDirectory()
    let sink = MemorySink()
    let gzip = try GzipSink(sink, name: "page.txt.gz")
    try Array(dirty.utf8).withUnsafeBytes { try gzip.write($0) }
    try gzip.finish()
    try dir.write("in/page.txt.gz", sink.bytes)
    let run = try SluiceBinary.run(["in", "-o", "out"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    let packed = try dir.read("out/page.txt.gz")
    #expect(packed.starts(with: [0x1F, 0x8B]))
    let unpacked = try SluiceBinary.run(["out/page.txt.gz"], in: dir.path)
    #expect(unpacked.text == clean)
}

@Test func annotatesRecordsWithWhatTheRulesRemoved() throws {
    let dir = try TestDirectory()
    try dir.write("site.rules", "drop[name=subscribe] = Subscribe now\n")
    let input = #"{"text":"Hello\nSubscribe now\nBye","url":"https://x.org"}"# + "\n" + #"{"text":"Nothing"}"# + "\n"
    let run = try SluiceBinary.run(["--format", "jsonl", "--annotate", "--no-default-rules", "--rules", "site.rules"],
                                   in: dir.path, stdin: Array(input.utf8))
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.text == #"""
        {"text":"Hello\nBye","url":"https://x.org","sluice":{"removed":{"subscribe":1}}}
        {"text":"Nothing","sluice":{"removed":{}}}

        """#)
}
