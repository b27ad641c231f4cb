// Runs the built sluice binary for what scripts rely on: exit statuses, messages naming the
// file, line and column, a quiet stop on a closed pipe, help and version.
import Foundation
import Testing
@testable import SluiceCore

@Suite("Unix manners of the command line")
struct UnixMannersTests {
    @Test func aUsageErrorExitsTwo() throws {
        let dir = try TestDirectory()
        let run = try SluiceBinary.run(["--form", "nfx"], in: dir.path)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--form"))
    }

    @Test func anUnreadableInputExitsOneAndTheOthersAreStillCleaned() throws {
        let dir = try TestDirectory()
        try dir.write("good.txt", "a\u{00A0} b\n")
        let run = try SluiceBinary.run(["missing.txt", "good.txt"], in: dir.path)
        #expect(run.status == 1)
        #expect(run.text == "a b\n")
        #expect(run.stderr.contains("missing.txt: No such file or directory"))
    }

    @Test func aBrokenRuleFileIsNamedByLineAndColumnAndExitsTwo() throws {
        let dir = try TestDirectory()
        try dir.write("bad.rules", "drop = Share this:\ndrop[max-words=many] = Tweet\ndrop ~ (unclosed\n")
        let run = try SluiceBinary.run(["--rules", "bad.rules"], in: dir.path, stdin: Array("x\n".utf8))
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("bad.rules:2:6: error: max-words needs a whole number"))
        #expect(run.stderr.contains("bad.rules:3:"))
        let check = try SluiceBinary.run(["check", "bad.rules"], in: dir.path)
        #expect(check.status == 2)
    }

    @Test func checkExitsOneWhenAnExampleFailsAndZeroWhenAllPass() throws {
        let dir = try TestDirectory()
        try dir.write("ok.rules", "drop = Share this:\n  + SHARE THIS\n  - Share this story with friends who care about the river.\n")
        try dir.write("wrong.rules", "drop = Share this:\n  + Share that\n")
        #expect(try SluiceBinary.run(["check", "ok.rules"], in: dir.path).status == 0)
        let wrong = try SluiceBinary.run(["check", "wrong.rules"], in: dir.path)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("wrong.rules:2:3: error: example should match"))
        #expect(try SluiceBinary.run(["check"], in: dir.path).status == 0)  // the embedded defaults
    }

    @Test func invalidUTF8UnderFailNamesTheOffsetAndExitsOne() throws {
        let dir = try TestDirectory()
        let run = try SluiceBinary.run(["--invalid", "fail"], in: dir.path, stdin: Array("ok\n".utf8) + [0x61, 0xC3])
        #expect(run.status == 1)
        #expect(run.stderr.contains("invalid UTF-8 at byte offset 4"))
    }

    @Test func aClosedPipeStopsPromptlyAndQuietly() throws {
        let dir = try TestDirectory()
        let line = Array(repeating: "All work and no play makes a dull scrape.", count: 20).joined(separator: " ") + "\n"
        try dir.write("big.txt", String(repeating: line, count: 20_000))  // about 17 MB
        let started = Date()
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "'\(SluiceBinary.path)' big.txt | head -1 > first.txt"]
        shell.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let errors = Pipe()
        shell.standardError = errors
        try shell.run()
        shell.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.isEmpty, "\(stderr)")
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(try String(contentsOfFile: dir.path + "/first.txt", encoding: .utf8) == line)
    }

    @Test func helpTeachesAndVersionAnswers() throws {
        let dir = try TestDirectory()
        let help = try SluiceBinary.run(["--help"], in: dir.path)
        #expect(help.status == 0)
        #expect(help.text.contains("Examples:"))
        #expect(help.text.contains("--no-hygiene"))
        #expect(help.text.contains("check"))
        let version = try SluiceBinary.run(["--version"], in: dir.path)
        #expect(version.status == 0)
        #expect(version.text.hasPrefix("sluice "))
        #expect(version.text.contains("ICU"))
    }

    @Test func statsReportOnStandardError() throws {
        let dir = try TestDirectory()
        let run = try SluiceBinary.run(["--stats"], in: dir.path, stdin: Array("e\u{0301}\n".utf8))
        #expect(run.status == 0)
        #expect(run.stderr.contains("lines changed by normalization 1"))
        #expect(run.stderr.contains("MB/s"))
    }
}
