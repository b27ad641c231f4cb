import ArgumentParser
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

extension NormalizationForm: ExpressibleByArgument {}
extension InvalidUTF8Policy: ExpressibleByArgument {}
extension CleanOptions.Mode: ExpressibleByArgument {}

/// `sluice clean`: the default command, a streaming filter from inputs to stdout.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Clean text from stdin or files to stdout (the default command).",
        discussion: """
            With no FILE, or when FILE is -, reads standard input. Each FILE is one document; \
            the cleaned documents are written to standard output in the order given. The \
            embedded default rules apply unless --no-default-rules is given; --rules adds files \
            (see docs/RULES.md and 'sluice check'). Then a line classifier drops the noise no \
            rule names (menus, teaser lists, footers); --mode rules leaves it out, for rules \
            alone (see docs/CLASSIFIER.md).

            A directory needs -o OUTDIR (its tree is mirrored there) or --in-place; in a \
            directory, .txt, .text, .jsonl (each also .gz) and extensionless text files are \
            cleaned and binary files skipped. Each output file is written under a temporary \
            name and renamed into place (see docs/DIRECTORIES.md). JSONL records (--format \
            jsonl, or .jsonl files) have one field cleaned (see docs/JSONL.md).

            Examples:
              sluice < page.txt > clean.txt
              sluice a.txt b.txt - < c.txt > all.txt
              sluice --form nfkc-casefold --stats dump.txt > folded.txt
              sluice --no-hygiene --form nfd < in.txt > out.txt
              sluice --explain --rules site.rules --site example.com page.txt > clean.txt
              sluice --mode rules --no-default-rules --form nfc < in.txt > normalized.txt
              sluice corpus/ -o clean/ --jobs 8
              sluice corpus/ -o clean/ --skip-existing     (resume an interrupted run)
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

    @Option(help: ArgumentHelp("""
        How noise is found: classify (the default: the rules, then a line classifier that also \
        drops the noise no rule names, such as menus, teasers and footers, at some cost in \
        content; see docs/CLASSIFIER.md) or rules (conservative and two to three times as fast: only \
        what a rule names is removed).
        """, valueName: "mode"))
    var mode: CleanOptions.Mode = .commandDefault

    @Option(help: ArgumentHelp(
        "With --mode classify (the default): use this line model (as scripts/train-line-model.py writes it) instead of the built-in one.",
        valueName: "file"))
    var lineModel: String?

    @Flag(help: "Print statistics to stderr: bytes and lines in and out, repairs, normalization, removals per rule, time and MB/s.")
    var stats = false

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    @Flag(help: """
        First learn the lines repeated across the inputs' documents, per site, as 'sluice learn' \
        does (see --learn-min-documents, --learn-min-share), then clean with them as extra drop rules (keep rules still \
        win). Reads every input twice, so not standard input; see docs/LEARN.md.
        """)
    var learnRepeats = false

    @Option(help: ArgumentHelp("With --learn-repeats: a line must be in at least this many documents of its site.",
                               valueName: "n"))
    var learnMinDocuments = RepeatThresholds().minDocuments

    @Option(help: ArgumentHelp("With --learn-repeats: …and in at least this share (0 to 1) of its site's documents.",
                               valueName: "share"))
    var learnMinShare = RepeatThresholds().minShare

    @Flag(help: "Write every removal to stderr: document, line, rule id, action and the text removed (runs one job).")
    var explain = false

    @Option(help: ArgumentHelp("Write every removal to this file as JSON lines.", valueName: "file"))
    var explainFile: String?

    func validate() throws {
        guard maxLineBytes >= 16 else {
            throw ValidationError("--max-line-bytes must be at least 16, not \(maxLineBytes).")
        }
        guard learnMinDocuments >= 2 else {
            throw ValidationError("--learn-min-documents must be at least 2, not \(learnMinDocuments).")
        }
        guard (0...1).contains(learnMinShare) else {
            throw ValidationError("--learn-min-share must be between 0 and 1, not \(learnMinShare).")
        }
    }

    func run() throws {
        let rules = try ruleOptions.loadRuleSet()
        var model: LineModel?
        if let path = lineModel {
            do {
                model = try LineModel(contentsOfFile: path)
            } catch {
                FileHandleStandardError.say("\(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let explainSink = try explainFile.map { try OutputFile.create($0) }
        let stderrSink = FileDescriptorSink(fd: 2, name: "standard error", bufferSize: 16 * 1024)
        let log: RemovalLog? = explainSink.map { JSONRemovalWriter(sink: $0) }
            ?? (explain ? TextRemovalWriter(sink: stderrSink) : nil)
        defer {
            try? stderrSink.flush()
            try? explainSink?.flush()
            explainSink?.close()
        }

        var options = RunOptions()
        options.clean.form = form
        options.clean.hygiene = !noHygiene
        options.clean.mode = mode
        options.clean.lineModel = model
        options.clean.invalid = invalid
        options.clean.maxLineBytes = maxLineBytes
        options.rules = rules
        options.log = log
        options.warnings = StandardErrorWarnings()
        options.site = ruleOptions.site
        options.records = recordFormat.records
        options.format = recordFormat.input.format
        // The removal log is written in document order by a single cleaner.
        options.jobs = log != nil ? 1 : output.jobs ?? RunOptions.processorCount
        options.skipExisting = output.skipExisting
        options.fsync = output.fsync

        let reporter = RunReporter(write: FileHandleStandardError.write,
                                   showsProgress: !output.quiet && isatty(2) != 0)
        let summary: RunSummary
        do {
            let plan = try RunPlan.make(arguments: files, target: output.target, selection: output.selection)
            if learnRepeats {
                var thresholds = RepeatThresholds()
                thresholds.minDocuments = learnMinDocuments
                thresholds.minShare = learnMinShare
                let learned = try plan.learnRepeats(options: options, thresholds: thresholds)
                let rules = LearnedRules.rules(learned)
                options.rules = try RuleSet(rules: (options.rules?.rules ?? []) + rules)
                if stats {
                    reporter.say("learned \(rules.count) repeated lines from \(learned.reduce(0) { $0 + $1.documents }) documents")
                }
            }
            summary = try CleanRun(options: options, reporter: reporter).run(plan)
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
            if summary.records.records > 0 { FileHandleStandardError.write(summary.records.report + "\n") }
        }
        if summary.failed > 0 { throw ExitCode(ExitStatus.someFailed) }
    }
}
