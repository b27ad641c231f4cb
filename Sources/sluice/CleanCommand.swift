import ArgumentParser
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

extension NormalizationForm: ExpressibleByArgument {}
extension InvalidUTF8Policy: ExpressibleByArgument {}

/// `sluice clean`: the default command, a streaming filter from inputs to stdout.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Clean text from stdin or files to stdout (the default command).",
        discussion: """
            With no FILE, or when FILE is -, reads standard input. Each FILE is one document; \
            the cleaned documents are written to standard output in the order given. The \
            embedded default rules apply unless --no-default-rules is given; --rules adds files \
            (see docs/RULES.md and 'sluice check').

            Examples:
              sluice < page.txt > clean.txt
              sluice a.txt b.txt - < c.txt > all.txt
              sluice --form nfkc-casefold --stats dump.txt > folded.txt
              sluice --no-hygiene --form nfd < in.txt > out.txt
              sluice --explain --rules site.rules --site example.com page.txt > clean.txt
              sluice --no-default-rules --form nfc < in.txt > normalized.txt
            """
    )

    @Argument(help: ArgumentHelp("Files to clean; - is standard input.", valueName: "FILE"))
    var files: [String] = []

    @Option(help: ArgumentHelp(
        "Unicode normalization form: nfc, nfkc, nfd, nfkd, nfkc-casefold or none.", valueName: "form"))
    var form: NormalizationForm = .nfc

    @Flag(help: """
        Turn off text hygiene (space folding and collapsing, trimming, invisible and control \
        character removal, CR/CRLF to LF, blank-line collapsing, final newline). Line breaks \
        then pass through as they are.
        """)
    var noHygiene = false

    @Option(help: ArgumentHelp(
        "Invalid UTF-8: replace (with U+FFFD, one per maximal invalid subpart), drop, or fail (exit 1 naming the byte offset).",
        valueName: "policy"))
    var invalid: InvalidUTF8Policy = .replace

    @Option(help: ArgumentHelp(
        "Lines longer than this are passed on in pieces split at normalization boundaries.",
        valueName: "bytes"))
    var maxLineBytes: Int = 1 << 20

    @Flag(help: "Print statistics to stderr: bytes and lines in and out, repairs, normalization, removals per rule, time and MB/s.")
    var stats = false

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    @Flag(help: "Write every removal to stderr: document, line, rule id, action and the text removed.")
    var explain = false

    @Option(help: ArgumentHelp("Write every removal to this file as JSON lines.", valueName: "file"))
    var explainFile: String?

    func validate() throws {
        guard maxLineBytes >= 16 else {
            throw ValidationError("--max-line-bytes must be at least 16, not \(maxLineBytes).")
        }
    }

    func run() throws {
        var options = CleanOptions()
        options.form = form
        options.hygiene = !noHygiene
        options.invalid = invalid
        options.maxLineBytes = maxLineBytes

        let clock = ContinuousClock()
        let started = clock.now
        let rules = try ruleOptions.loadRuleSet()
        let explainSink = try explainFile.map { try OutputFile.create($0) }
        let stderrSink = FileDescriptorSink(fd: 2, name: "standard error", bufferSize: 16 * 1024)
        let log: RemovalLog? = explainSink.map { JSONRemovalWriter(sink: $0) }
            ?? (explain ? TextRemovalWriter(sink: stderrSink) : nil)
        let cleaner = DocumentCleaner(options: options, rules: rules, log: log, warnings: StandardErrorWarnings())
        let stdout = FileDescriptorSink(fd: 1, name: "standard output")
        var failures = 0
        defer {
            try? stderrSink.flush()
            try? explainSink?.flush()
            explainSink?.close()
        }

        defer {
            if stats {
                let elapsed = clock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                FileHandleStandardError.write(cleaner.stats.report(seconds: seconds) + "\n")
            }
        }

        do {
            for path in files.isEmpty ? ["-"] : files {
                do {
                    let input = try InputFile.open(path)
                    defer { input.close() }
                    let context = DocumentContext(name: InputFile.displayName(path), site: ruleOptions.site)
                    try cleaner.clean(input.source, to: stdout, context: context)
                } catch let error as IOError {
                    FileHandleStandardError.say(error.description)
                    failures += 1
                } catch let error as InvalidUTF8Error {
                    FileHandleStandardError.say(
                        "\(InputFile.displayName(path)): invalid UTF-8 at byte offset \(error.offset)")
                    throw ExitCode(ExitStatus.someFailed)
                }
            }
            try stdout.flush()
        } catch is BrokenPipeError {
            return
        } catch let error as IOError {
            FileHandleStandardError.say(error.description)
            throw ExitCode(ExitStatus.someFailed)
        }
        if failures > 0 { throw ExitCode(ExitStatus.someFailed) }
    }
}
