import ArgumentParser
import SluiceCore

/// `sluice check`: validates rule files and runs their examples.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check rule files: syntax, regexes, includes, and every example they carry.",
        discussion: """
            Problems are printed as FILE:LINE:COL: error: MESSAGE. With no FILE, checks the \
            embedded default rules. A directory stands for its *.rules files.

            Exit status: 0 when everything passes, 1 when an example fails, 2 when a file \
            cannot be read or parsed or a regex does not compile.

            Examples:
              sluice check rules/
              sluice check my-site.rules
              sluice check --actions

            Actions:
            \(RuleAction.allCases.map { "  \($0.rawValue.padding(toLength: 11))\($0.summary)" }.joined(separator: "\n"))
            """
    )

    @Argument(help: ArgumentHelp("Rule files or directories.", valueName: "FILE"))
    var files: [String] = []

    @Flag(name: .shortAndLong, help: "Print each file's title and the number of rules and examples checked.")
    var verbose = false

    func run() throws {
        let loaded: RuleLoader.Loaded
        let set: RuleSet
        do {
            loaded = files.isEmpty ? RuleLoader.loadDefault() : RuleLoader.load(paths: files)
            set = try RuleSet(compiling: loaded, everyRegex: true)
        } catch let error as RuleLoadError {
            FileHandleStandardError.write(error.description + "\n")
            throw ExitCode(ExitStatus.usage)
        }
        let checker = RuleChecker(set: set)
        let failures = checker.failures()
        for failure in failures { FileHandleStandardError.write(failure.description + "\n") }
        if verbose {
            for file in loaded.files {
                let count = set.rules.filter { $0.file == file.name }.count
                print("\(file.name): \(file.title ?? "(no title)"): \(count) rules")
            }
            print("\(set.rules.count) rules, \(checker.exampleCount) examples, \(failures.count) failed")
        }
        if !failures.isEmpty { throw ExitCode(ExitStatus.someFailed) }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
