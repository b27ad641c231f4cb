/// Cleans the files of a `RunPlan` with `--jobs` workers: each file to its own output (written
/// atomically, see `AtomicOutput`), or all to standard output in plan order.
///
///     let plan = try RunPlan.make(arguments: ["corpus"], target: .directory("clean"), selection: FileSelection())
///     let summary = try CleanRun(options: RunOptions(), reporter: reporter).run(plan)
///     // summary.cleaned, summary.skipped, summary.failed
///
/// Parallelism: several files are cleaned side by side, a file per worker; a run of a single
/// file (or standard input) in JSONL is cleaned side by side by batches of records instead.
/// Either way the output bytes are the same for every `jobs`. A failure (`path: reason`) is
/// reported and the run goes on; messages come out in plan order whatever `jobs` is.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The options of a run beyond how each document is cleaned.
public struct RunOptions {
    public var clean = CleanOptions()
    /// The compiled rules (shared by every worker), or nil for none.
    public var rules: RuleSet?
    /// Receives every removal (`--explain`); one cleaner at a time may write to it, so a run
    /// with a log must have `jobs` 1.
    public var log: RemovalLog?
    /// Receives warnings such as regex time-outs; called from any worker.
    public var warnings: WarningLog?
    /// `--site`: the site of every document (a record's URL field takes precedence).
    public var site: String?
    public var records = RecordOptions()
    /// `--format`; nil chooses by file name (`InputFormat.guess`).
    public var format: InputFormat?
    /// `--jobs`: worker threads.
    public var jobs = RunOptions.processorCount
    /// `--skip-existing`: leave an output that exists as it is (a finished file of an earlier run).
    public var skipExisting = false
    /// `--fsync`: make each output durable before renaming it into place.
    public var fsync = false

    public init() {}

    /// A document cleaner for one worker.
    public func makeCleaner() -> DocumentCleaner {
        DocumentCleaner(options: clean, rules: rules, log: log, warnings: warnings)
    }

    /// The number of processors online.
    public static var processorCount: Int { Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

/// What a run came to.
public struct RunSummary: Sendable {
    public var cleaned = 0
    public var skipped = 0
    public var failed = 0
    /// What cleaning did, summed over every file.
    public var stats = CleanStats()
    /// What became of the JSONL records, summed over every JSONL file.
    public var records = RecordStream.Summary()
}

/// Runs a plan.
public final class CleanRun {
    public let options: RunOptions
    private let reporter: RunReporter

    public init(options: RunOptions, reporter: RunReporter) {
        self.options = options
        self.reporter = reporter
    }

    /// Cleans every file of `plan`. Problems are reported as they come, in plan order.
    /// - Throws: `BrokenPipeError` when standard output's reader went away (stop quietly).
    public func run(_ plan: RunPlan) throws -> RunSummary {
        var summary = RunSummary()
        for problem in plan.problems {
            reporter.say(problem.description)
            if problem.isFailure { summary.failed += 1 }
        }
        for directory in plan.outputDirectories {
            Self.makeDirectories(directory)
            AtomicOutput.removeStaleTemporaries(in: directory)
        }
        reporter.expect(files: plan.jobs.count, bytes: plan.jobs.reduce(0) { $0 + $1.size })
        let standardOutput = FileDescriptorSink(fd: 1, name: "standard output")

        func count(_ outcome: JobOutcome) throws {
            switch outcome.status {
            case .cleaned: summary.cleaned += 1
            case .skipped: summary.skipped += 1
            case .failed: summary.failed += 1
            case .brokenPipe: throw BrokenPipeError()
            }
            summary.stats += outcome.stats
            summary.records += outcome.records
            reporter.finished(bytes: outcome.size)
        }

        if plan.jobs.count == 1 {
            // One file: the workers, if any, share its records.
            let worker = JobWorker(options: options, inPlace: plan.target == .inPlace)
            try count(worker.process(plan.jobs[0], to: standardOutput, recordJobs: options.jobs,
                                     note: reporter.say))
        } else {
            // Several files: one per worker. To standard output, each is gathered in memory and
            // written in order (at most 2 × jobs files held), unless there is a single worker.
            let gathers = plan.target == .standardOutput && options.jobs > 1
            var jobs = plan.jobs.makeIterator()
            try OrderedJobPool<FileJob, JobOutcome>.run(
                workers: options.jobs, window: gathers ? 2 * options.jobs : 8 * options.jobs,
                makeWorker: { [options] in
                    let worker = JobWorker(options: options, inPlace: plan.target == .inPlace)
                    return { job in
                        var notes: [String] = []
                        let sink: ByteSink = gathers ? MemorySink() : standardOutput
                        var outcome = worker.process(job, to: sink, recordJobs: 1, note: { notes.append($0) })
                        outcome.notes = notes
                        outcome.gathered = (sink as? MemorySink)?.buffer
                        return outcome
                    }
                },
                next: { jobs.next() },
                deliver: { outcome in
                    if let gathered = outcome.gathered { try standardOutput.write(gathered.bytes) }
                    for note in outcome.notes { reporter.say(note) }
                    try count(outcome)
                })
            try standardOutput.flush()
        }
        reporter.erase()
        return summary
    }

    /// `mkdir -p`: creates `path` and its missing parents; failures show up when files are
    /// written there.
    private static func makeDirectories(_ path: String) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            _ = mkdir(prefix, 0o777)
            prefix += "/"
        }
    }
}

/// What became of one file.
struct JobOutcome {
    enum Status { case cleaned, skipped, failed, brokenPipe }
    var status: Status
    var size: Int64
    var stats = CleanStats()
    var records = RecordStream.Summary()
    /// Messages to report, in order, when cleaned by a worker thread.
    var notes: [String] = []
    /// The cleaned bytes, when gathered for standard output.
    var gathered: ByteBuffer?
}

/// Cleans one file at a time with its own `DocumentCleaner`: one per worker thread.
final class JobWorker {
    private let options: RunOptions
    private let inPlace: Bool
    private let cleaner: DocumentCleaner

    init(options: RunOptions, inPlace: Bool) {
        self.options = options
        self.inPlace = inPlace
        self.cleaner = options.makeCleaner()
    }

    /// Cleans `job` to its destination, or to `sink` when it has none; `note` hears each
    /// problem as `path: reason`.
    func process(_ job: FileJob, to sink: ByteSink, recordJobs: Int, note: (String) -> Void) -> JobOutcome {
        var outcome = JobOutcome(status: .failed, size: job.size)
        if options.skipExisting, let destination = job.destination, access(destination, F_OK) == 0 {
            outcome.status = .skipped
            return outcome
        }
        var input: OpenedInput
        do { input = try OpenedInput.open(job.source) } catch {
            note(InputFailure.message(for: error, path: job.source))
            return outcome
        }
        defer { input.close() }
        var output: AtomicOutput?
        do {
            if job.sniff, try input.peek(TextSniffer.sampleSize).withUnsafeBytes(TextSniffer.looksBinary) {
                note("\(job.source): binary, skipped")
                outcome.status = .skipped
                return outcome
            }
            var target = sink
            if let destination = job.destination {
                var info = stat()
                let keepsMode = inPlace && fstat(input.file.source.fd, &info) == 0
                let file = try AtomicOutput(target: destination, mode: keepsMode ? info.st_mode & 0o7777 : 0o666,
                                            exactMode: keepsMode)
                if keepsMode { file.copyOwnership(from: info) }
                output = file
                target = input.isGzip ? try GzipSink(file.sink, name: destination) : file.sink
            }
            let context = DocumentContext(name: InputFile.displayName(job.source), site: options.site)
            switch options.format ?? InputFormat.guess(for: job.source) {
            case .text:
                _ = cleaner.takeStats()  // what a file that failed half-way left behind
                try cleaner.clean(input, to: target, context: context)
                outcome.stats = cleaner.takeStats()
            case .jsonl:
                outcome.records = try RecordStream.clean(
                    input, to: target, records: options.records, jobs: recordJobs, context: context,
                    makeCleaner: options.makeCleaner, report: { note($0.description) })
                outcome.stats = outcome.records.stats
            }
            if let gzip = target as? GzipSink { try gzip.finish() }
            try output?.commit(fsync: options.fsync)
            outcome.status = .cleaned
        } catch is BrokenPipeError {
            outcome.status = .brokenPipe
        } catch {
            output?.abandon()
            note(InputFailure.message(for: error, path: job.source))
        }
        return outcome
    }
}

/// How a failure to read or write an input is told: `path: reason`.
public enum InputFailure {
    /// `path: reason` for an error met cleaning the file at `path`.
    public static func message(for error: Error, path: String) -> String {
        switch error {
        case let error as InvalidUTF8Error:
            return "\(InputFile.displayName(path)): invalid UTF-8 at byte offset \(error.offset)"
        case let error as CustomStringConvertible:
            return error.description
        default:
            return "\(InputFile.displayName(path)): \(error)"
        }
    }
}
