import ArgumentParser
import SluiceCore

/// `sluice learn`: finds the lines repeated across many documents of a site and writes them as
/// drop rules to review (see docs/LEARN.md).
///
///     sluice learn crawl/ -o site.rules
///     sluice learn --site example.com pages/*.txt -o example.rules
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Write the lines repeated across documents of a site as drop rules to review.",
        discussion: """
            Each text file is one document; in .jsonl files (or with --format jsonl) each record \
            is one, its site the host of its URL field. Documents are cleaned as 'sluice' cleans \
            them (the same rules apply), and each distinct line (by its folded key) is counted \
            once per document. A line of at most --max-words words that is in at least \
            --min-documents documents and at least --min-share of its site's documents becomes \
            a 'drop' rule, under '@site DOMAIN' when its documents have a site. Use the file \
            with --rules after reviewing it; see docs/LEARN.md.

            Examples:
              sluice learn crawl/ -o site.rules
              sluice learn --site example.com pages/ -o example.rules
              sluice learn --format jsonl --field content dump.jsonl.gz -o dump.rules
            """
    )

    @Argument(help: ArgumentHelp("Files and directories to learn from; - is standard input.", valueName: "FILE|DIR"))
    var inputs: [String] = []

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp(
        "Write the rules to this file (atomically); default: standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("A line must be in at least this many documents of its site.", valueName: "n"))
    var minDocuments = RepeatThresholds().minDocuments

    @Option(help: ArgumentHelp("…and in at least this share (0 to 1) of its site's documents.", valueName: "share"))
    var minShare = RepeatThresholds().minShare

    @Option(help: ArgumentHelp("Lines of more words are never learned (repeated long lines may be quoted content).",
                               valueName: "n"))
    var maxWords = RepeatThresholds().maxWords

    @Option(help: ArgumentHelp(
        "The most distinct lines counted; lines first met beyond this are not counted (the header says how many).",
        valueName: "n"))
    var maxLines = RepeatThresholds().maxLines

    @OptionGroup(title: "Directories")
    var files: FileSelectionOptions

    @OptionGroup var recordInput: RecordInputOptions

    @OptionGroup(title: "Rules")
    var ruleOptions: RuleOptions

    func validate() throws {
        guard minDocuments >= 2 else { throw ValidationError("--min-documents must be at least 2, not \(minDocuments).") }
        guard (0...1).contains(minShare) else { throw ValidationError("--min-share must be between 0 and 1, not \(minShare).") }
        guard maxWords >= 1 else { throw ValidationError("--max-words must be at least 1, not \(maxWords).") }
        guard maxLines >= 1 else { throw ValidationError("--max-lines must be at least 1, not \(maxLines).") }
    }

    func run() throws {
        var thresholds = RepeatThresholds()
        thresholds.minDocuments = minDocuments
        thresholds.minShare = minShare
        thresholds.maxWords = maxWords
        thresholds.maxLines = maxLines
        let records = recordInput.records
        let plan: RunPlan
        do {
            plan = try RunPlan.make(arguments: inputs, target: .nowhere, selection: files.selection)
        } catch {
            FileHandleStandardError.say(error.description)
            throw ExitCode(ExitStatus.usage)
        }
        let learner = RepeatLearner(
            cleaner: DocumentCleaner(options: CleanOptions(), rules: try ruleOptions.loadRuleSet(),
                                     warnings: StandardErrorWarnings()),
            counter: RepeatCounter(thresholds: thresholds), records: records)

        var failed = 0
        for problem in plan.problems {
            FileHandleStandardError.say(problem.description)
            if problem.isFailure { failed += 1 }
        }
        var files = 0
        for job in plan.jobs {
            do {
                if try learner.learn(path: job.source, format: recordInput.format, site: ruleOptions.site, sniff: job.sniff) {
                    files += 1
                } else {
                    FileHandleStandardError.say("\(job.source): binary, skipped")
                }
            } catch {
                FileHandleStandardError.say(InputFailure.message(for: error, path: job.source))
                failed += 1
            }
        }

        let learned = learner.counter.learned()
        let text = LearnedRules.text(learned, header: header(learned, files: files, skippedRecords: learner.skippedRecords,
                                                            untracked: learner.counter.untrackedLines))
        do {
            if let output {
                let file = try AtomicOutput(target: output)
                do {
                    try write(text, to: file.sink)
                    try file.commit(fsync: false)
                } catch {
                    file.abandon()
                    throw error
                }
            } else {
                let stdout = FileDescriptorSink(fd: 1, name: "standard output")
                try write(text, to: stdout)
                try stdout.flush()
            }
        } catch is BrokenPipeError {
            return
        } catch {
            FileHandleStandardError.say("\(error)")
            throw ExitCode(ExitStatus.someFailed)
        }
        if failed > 0 { throw ExitCode(ExitStatus.someFailed) }
    }

    private func write(_ text: String, to sink: ByteSink) throws {
        var text = text
        try text.withUTF8 { try sink.write(UnsafeRawBufferPointer($0)) }
        try sink.flush()
    }

    /// What the rules were learned from and with which thresholds.
    private func header(_ learned: [LearnedSite], files: Int, skippedRecords: Int, untracked: Int) -> [String] {
        let documents = learned.reduce(0) { $0 + $1.documents }
        let sites = learned.filter { $0.site != nil }
        let siteless = learned.first { $0.site == nil }?.documents ?? 0
        let rules = learned.reduce(0) { $0 + $1.lines.count }
        var lines = [
            "Learned by sluice learn from \(documents) documents in \(files) files: \(sites.count) sites, "
                + "\(siteless) documents without a site.",
            "A line is learned when it has at most \(maxWords) words and is in at least \(minDocuments) documents "
                + "and at least a share of \(minShare) of its site's documents.",
            "\(rules) rules. Review before use: each drops every line with the same words (case and punctuation aside).",
        ]
        if skippedRecords > 0 { lines.append("\(skippedRecords) JSONL lines held no record with a string '\(recordInput.field)' field.") }
        if untracked > 0 {
            lines.append("More than \(maxLines) distinct lines: \(untracked) occurrences of lines first met after that were not counted.")
        }
        return lines
    }
}
