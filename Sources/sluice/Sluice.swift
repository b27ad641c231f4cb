import ArgumentParser
import SluiceCore

/// The root command: `clean` runs when no other subcommand is named.
struct Sluice: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Strip web-scrape noise from text and normalize its Unicode, as a streaming filter.",
        discussion: """
            sluice reads scraped text (stdin, files, directories or JSONL records), repairs \
            invalid UTF-8, applies Unicode normalization (NFC by default) and text hygiene (odd \
            spaces, invisible characters, control characters, CRLF, blank-line runs), removes \
            the web noise its rules name (comment widgets, disclaimers, share and cookie \
            notices, teasers, navigation…), and writes clean UTF-8.

            Examples:
              curl -s https://example.org/page | extract | sluice > page.txt
              sluice --stats scraped/*.txt > clean.txt
              sluice --form nfkc --invalid fail < dump.txt > clean.txt
              sluice big.txt | head -1

            Exit status: 0 on success, 1 when some input could not be read or written (the rest \
            is processed, each failure named on stderr), 2 on a usage error.
            """,
        version: Version.string,
        subcommands: [CleanCommand.self, CheckCommand.self, LearnCommand.self, ExportPatternsCommand.self, FeaturesCommand.self],
        defaultSubcommand: CleanCommand.self
    )
}

/// sluice's version, with the ICU it runs on.
enum Version {
    static let number = "0.1.0"
    static var string: String { "sluice \(number) (ICU \(SluiceCore.icuVersion))" }
}
