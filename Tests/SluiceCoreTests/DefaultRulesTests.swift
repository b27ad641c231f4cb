import Foundation
import Testing
@testable import SluiceCore

@Suite("Default rules and the golden corpus")
struct DefaultRulesTests {
    static let rules: RuleSet = try! RuleSet(compiling: RuleLoader.loadDefault(), everyRegex: true)
    /// The options of the `sluice` command by default: the rules, then the line classifier.
    static let commandDefaults: CleanOptions = {
        var options = CleanOptions()
        options.mode = .commandDefault
        return options
    }()

    @Test func defaultRulesLoadAndEveryExamplePasses() throws {
        let loaded = RuleLoader.loadDefault()
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let checker = RuleChecker(set: Self.rules)
        #expect(checker.exampleCount > 1000)
        let failures = checker.failures()
        #expect(failures.isEmpty, "\(failures.prefix(20).map(\.description).joined(separator: "\n"))")
    }

    @Test func everyDefaultRuleShowsALineItActsOn() {
        let bare = Self.rules.rules.filter { !$0.examples.contains(where: \.shouldAct) }.map(\.id)
        #expect(bare.isEmpty, "rules without a '+' example: \(bare)")
    }

    @Test func embeddedRulesAreTheFilesOfRulesDirectory() throws {
        let directory = "\(repositoryRoot)/rules"
        let onDiskNames = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".rules") }.sorted()
        #expect(RuleLoader.embeddedFiles.map(\.name) == onDiskNames, "run scripts/embed-rules")
        for (name, text) in RuleLoader.embeddedFiles {
            let onDisk = try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)
            // A Swift multi-line literal drops the file's final line break.
            #expect(text + "\n" == onDisk, "\(name) differs from rules/\(name): run scripts/embed-rules")
        }
    }

    /// Every `corpus/NAME.txt` cleaned with the command's default options gives `corpus/NAME.expected.txt`,
    /// byte for byte, and the expected output is a fixed point.
    @Test func corpusDocumentsGiveTheirExpectedOutput() throws {
        let directory = "\(repositoryRoot)/corpus"
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".txt") && !$0.hasSuffix(".expected.txt") }
            .sorted()
        #expect(inputs.count >= 40)
        for name in inputs {
            let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))
            let expectedName = name.dropLast(4) + ".expected.txt"
            let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(expectedName)")))
            let output = try clean(input, options: Self.commandDefaults, rules: Self.rules)
            #expect(output == expected, "corpus/\(name):\n\(Self.diff(expected: expected, actual: output))")
            #expect(try clean(expected, options: Self.commandDefaults, rules: Self.rules) == expected, "corpus/\(expectedName) is not a fixed point")
        }
    }

    /// The project's reference example, when the shared examples sit beside the repository:
    /// exact in either mode.
    @Test func theSeedScrapeGivesItsExpectedOutput() throws {
        let examples = "\(repositoryRoot)/../shared/examples"
        guard FileManager.default.fileExists(atPath: "\(examples)/seed-scrape.txt") else { return }
        let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(examples)/seed-scrape.txt")))
        let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(examples)/seed-scrape.expected.txt")))
        // In both modes: the command's default, and rules alone.
        for options in [Self.commandDefaults, CleanOptions()] {
            let output = try clean(input, options: options, rules: Self.rules)
            #expect(output == expected, "\(options.mode): \(Self.diff(expected: expected, actual: output))")
        }
    }

    /// The first differing line with two lines of context, marked - (expected) and + (actual).
    static func diff(expected: [UInt8], actual: [UInt8]) -> String {
        let e = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let a = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = (0..<max(e.count, a.count)).first(where: { i in
            i >= e.count || i >= a.count || e[i] != a[i]
        }) else { return "(no difference)" }
        var lines: [String] = []
        for i in max(0, first - 2)..<first { lines.append("  \(e[i])") }
        for i in first..<min(e.count, first + 3) { lines.append("- \(e[i])") }
        for i in first..<min(a.count, first + 3) { lines.append("+ \(a[i])") }
        return "line \(first + 1):\n" + lines.joined(separator: "\n")
    }
}
