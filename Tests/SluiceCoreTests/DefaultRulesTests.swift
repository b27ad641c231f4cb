import Foundation
import Testing
@testable import SluiceCore

@Suite("Default rules and the golden corpus")
struct DefaultRulesTests {
    @Test func defaultRulesLoadAndEveryExamplePasses() throws {
        let loaded = RuleLoader.loadDefault()
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let set = try RuleSet(compiling: loaded)
        let checker = RuleChecker(set: set)
        #expect(checker.exampleCount > 1000)
        let failures = checker.failures()
        #expect(failures.isEmpty, "\(failures.prefix(20))")
    }

    @Test func embeddedRulesAreTheFilesOfRulesDirectory() throws {
        for (name, text) in RuleLoader.embeddedFiles {
            let onDisk = try String(contentsOfFile: "\(repositoryRoot)/rules/\(name)", encoding: .utf8)
            // A Swift multi-line literal drops the file's final line break.
            #expect(text + "\n" == onDisk, "\(name) differs from rules/\(name): run scripts/embed-rules")
        }
    }

    /// Every `corpus/NAME.txt` cleaned with default options gives `corpus/NAME.expected.txt`,
    /// byte for byte, and the expected output is a fixed point.
    @Test func corpusDocumentsGiveTheirExpectedOutput() throws {
        let rules = try RuleSet(compiling: RuleLoader.loadDefault())
        let directory = "\(repositoryRoot)/corpus"
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".txt") && !$0.hasSuffix(".expected.txt") }
            .sorted()
        #expect(inputs.count >= 40)
        for name in inputs {
            let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name)")))
            let expectedName = name.dropLast(4) + ".expected.txt"
            let expected = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(expectedName)")))
            let output = try clean(input, rules: rules)
            #expect(output == expected, "corpus/\(name): output differs from corpus/\(expectedName)")
            #expect(try clean(expected, rules: rules) == expected, "corpus/\(expectedName) is not a fixed point")
        }
    }
}
