import ArgumentParser
import SluiceCore

/// `sluice export-patterns`: the rules' phrases or regexes, one per line, for other tools
/// (the benchmark feeds them to grep).
struct ExportPatternsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-patterns",
        abstract: "Print the phrases or the regexes of the rules, one per line (for benchmarks and other tools).",
        discussion: """
            Examples:
              sluice export-patterns --phrases > phrases.txt
              grep -F -v -i -f phrases.txt page.txt
            """
    )

    @Flag(help: "Print the phrases of phrase rules (=, ^, $, *).")
    var phrases = false

    @Flag(help: "Print the patterns of regex rules (~).")
    var regexes = false

    @OptionGroup var ruleOptions: RuleOptions

    func validate() throws {
        guard phrases != regexes else { throw ValidationError("Give one of --phrases and --regexes.") }
    }

    func run() throws {
        let set = try ruleOptions.loadRuleSet()
        for pattern in phrases ? set.phrases : set.regexPatterns { print(pattern) }
    }
}
