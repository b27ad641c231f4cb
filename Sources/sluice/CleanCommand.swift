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
            the cleaned documents are written to standard output in the order given. A \
            directory needs -o OUTDIR (mirrored there) or --in-place; in a directory, .txt, \
            .text, .jsonl (each also .gz) and extensionless text files are cleaned, binary \
            files skipped. Outputs are written to a temporary file and renamed into place. \
            JSONL records (--format jsonl, or .jsonl files) have one field cleaned.

            Examples:
              sluice < page.txt > clean.txt
              sluice a.txt b.txt - < c.txt > all.txt
              sluice --form nfkc-casefold --stats dump.txt > folded.txt
              sluice --no-hygiene --form nfd < in.txt > out.txt
              sluice corpus/ -o clean/ --jobs 8
              sluice corpus/ -o clean/ --skip-existing     (resume)
              sluice --format jsonl --field content < in.jsonl > out.jsonl
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

    @OptionGroup(title: "Directories and output files")
    var output: OutputOptions

    @OptionGroup(title: "JSONL records")
    var recordFormat: RecordFormatOptions

    @Flag(help: "Print statistics to stderr: bytes and lines in and out, repairs, normalization, time and MB/s.")
    var stats = false

    func validate() throws {
        guard maxLineBytes >= 16 else {
            throw ValidationError("--max-line-bytes must be at least 16, not \(maxLineBytes).")
        }
    }

    func run() throws {
        var options = RunOptions()
        options.clean.form = form
        options.clean.hygiene = !noHygiene
        options.clean.invalid = invalid
        options.clean.maxLineBytes = maxLineBytes
        options.records = recordFormat.records
        options.format = recordFormat.format
        options.jobs = output.jobs ?? RunOptions.processorCount
        options.skipExisting = output.skipExisting
        options.fsync = output.fsync

        let reporter = RunReporter(write: FileHandleStandardError.write,
                                   showsProgress: !output.quiet && isatty(2) != 0)
        let summary: RunSummary
        do {
            let plan = try RunPlan.make(arguments: files, target: output.target, selection: output.selection)
            summary = try CleanRun(options: options, reporter: reporter).run(plan, target: output.target)
        } catch let error as UsageError {
            FileHandleStandardError.say(error.description)
            throw ExitCode(ExitStatus.usage)
        } catch is BrokenPipeError {
            return
        }
        if stats || summary.failed > 0 {
            reporter.say("\(summary.cleaned) files cleaned, \(summary.skipped) skipped, \(summary.failed) failed")
        }
        if stats {
            FileHandleStandardError.write(summary.stats.report(seconds: reporter.elapsedSeconds) + "\n")
        }
        if summary.failed > 0 { throw ExitCode(ExitStatus.someFailed) }
    }
}
