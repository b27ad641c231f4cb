import ArgumentParser
import SluiceCore

/// The options that choose the rules: shared by `clean` and `export-patterns`.
struct RuleOptions: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "Add a rule file (or every *.rules file of a directory); repeatable. See docs/RULES.md.",
        valueName: "file"))
    var ruleFiles: [String] = []

    @Flag(help: "Start without the embedded default rules.")
    var noDefaultRules = false

    @Option(help: ArgumentHelp(
        "The site the input comes from (a domain or URL): turns on the rules scoped to it.",
        valueName: "domain"))
    var site: String?

    /// The rules, loaded and compiled; a broken file prints its diagnostics and exits 2.
    func loadRuleSet() throws -> RuleSet {
        do {
            var loaded = noDefaultRules ? RuleLoader.Loaded() : RuleLoader.loadDefault(readsExamples: false)
            if !ruleFiles.isEmpty { loaded = loaded + RuleLoader.load(paths: ruleFiles) }
            return try RuleSet(compiling: loaded)
        } catch let error as RuleLoadError {
            FileHandleStandardError.write(error.description + "\n")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
