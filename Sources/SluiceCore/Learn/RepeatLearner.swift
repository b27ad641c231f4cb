/// Reads documents and feeds their cleaned lines to a `RepeatCounter`: what `sluice learn` and
/// the first pass of `--learn-repeats` do.
///
///     let learner = RepeatLearner(cleaner: DocumentCleaner(options: CleanOptions(), rules: rules),
///                                 counter: RepeatCounter(thresholds: RepeatThresholds()), records: RecordOptions())
///     try learner.learn(path: "crawl/part-0.jsonl.gz", format: nil, site: nil)   // true: read
///     learner.counter.learned()
///
/// A text file is one document, of the site given (`--site`) or of none. In JSONL (by name, or
/// `format`), each record is one document: its text is the string field `records.field`, its
/// site the host of the string field `records.urlField` (else the site given). Lines that are not
/// such records are skipped and counted (`skippedRecords`), as `sluice clean` passes them through.

/// Cleans documents and counts their lines; serves one thread.
public final class RepeatLearner {
    public let counter: RepeatCounter
    /// Lines of JSONL inputs that held no record with a string text field.
    public private(set) var skippedRecords = 0
    private let cleaner: DocumentCleaner
    private let records: RecordOptions
    private let scanner: JSONObjectScanner
    private let lines = DocumentLines()
    private let record = ByteBuffer(capacity: 64 * 1024)
    private let text = ByteBuffer(capacity: 64 * 1024)
    private let url = ByteBuffer(capacity: 256)

    /// - Parameter cleaner: cleans each document as `sluice clean` would (same options and rules).
    public init(cleaner: DocumentCleaner, counter: RepeatCounter, records: RecordOptions) {
        self.cleaner = cleaner
        self.counter = counter
        self.records = records
        self.scanner = JSONObjectScanner(keys: [records.field, records.urlField])
    }

    /// Counts the documents of the file at `path` (`format` nil: guessed from the name). With
    /// `sniff` (a file found in a directory), a file that looks binary is left out: returns false.
    /// - Throws: `IOError`, `GzipError`, `InvalidUTF8Error` (under `--invalid fail`).
    @discardableResult
    public func learn(path: String, format: InputFormat?, site: String?, sniff: Bool = false) throws -> Bool {
        var input = try OpenedInput.open(path)
        defer { input.close() }
        if sniff, try input.peek(TextSniffer.sampleSize).withUnsafeBytes(TextSniffer.looksBinary) { return false }
        switch format ?? InputFormat.guess(for: path) {
        case .text:
            try cleaner.cleanLines(input, into: lines)
            counter.add(lines, site: site)
        case .jsonl:
            var reader = LineReader(source: input, splitCR: false)
            defer { reader.close() }
            record.removeAll()
            while let piece = try reader.next() {
                record.append(piece.bytes)
                guard piece.isLineEnd else { continue }
                try learnRecord(fallbackSite: site)
                record.removeAll()
            }
        }
        return true
    }

    private func learnRecord(fallbackSite: String?) throws {
        guard record.bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        let p = UnsafePointer(record.base)
        guard let fields = try? scanner.scan(p, count: record.count),
              case let .string(range)? = fields.values[0] else {
            skippedRecords += 1
            return
        }
        text.removeAll()
        guard (try? JSONString.unescape(p + range.lowerBound, count: range.count, into: text)) != nil else {
            skippedRecords += 1
            return
        }
        var site = fallbackSite
        if case let .string(urlRange)? = fields.values[1] {
            url.removeAll()
            if (try? JSONString.unescape(p + urlRange.lowerBound, count: urlRange.count, into: url)) != nil {
                site = String(decoding: url.bytes, as: UTF8.self)
            }
        }
        try cleaner.cleanLines(MemorySource(text.bytes), into: lines)
        counter.add(lines, site: site)
    }
}

extension RunPlan {
    /// The first pass of `--learn-repeats`: reads every input of the plan as `sluice learn`
    /// would (cleaned with `options`, nothing logged) and returns what it learned. Inputs that
    /// fail or look binary are passed over here; the cleaning pass reports them.
    /// - Throws: `UsageError` when the plan reads standard input, which cannot be read twice.
    public func learnRepeats(options: RunOptions, thresholds: RepeatThresholds) throws(UsageError) -> [LearnedSite] {
        if jobs.contains(where: { $0.source == "-" }) {
            throw UsageError("--learn-repeats reads its inputs twice, so not standard input; save it to a file first")
        }
        let learner = RepeatLearner(
            cleaner: DocumentCleaner(options: options.clean, rules: options.rules, warnings: options.warnings),
            counter: RepeatCounter(thresholds: thresholds), records: options.records)
        for job in jobs {
            _ = try? learner.learn(path: job.source, format: options.format, site: options.site, sniff: job.sniff)
        }
        return learner.counter.learned()
    }
}
