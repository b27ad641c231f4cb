/// Cleans a stream of JSONL records (a file, a gzip file's contents, standard input) in batches,
/// in parallel, and writes the records out in their input order.
///
///     let summary = try RecordStream.clean(FileDescriptorSource(fd: 0, name: "standard input"),
///                                          to: FileDescriptorSink(fd: 1, name: "standard output"),
///                                          records: RecordOptions(), jobs: 2, context: DocumentContext(),
///                                          makeCleaner: { DocumentCleaner(options: CleanOptions()) },
///                                          report: { issue in print(issue) })
///
/// Lines are gathered into batches of about `batchBytes` (whole lines, however long), each
/// batch is cleaned by one worker's `RecordCleaner`, and at most `2 × jobs` batches are in
/// flight. A line keeps its line break (a last line without one stays without one). A blank
/// line passes through unreported.
public enum RecordStream {
    /// A line that passed through unchanged: `file:line: reason`.
    public struct Issue: Error, CustomStringConvertible {
        public var name: String
        public var line: Int64
        public var problem: RecordProblem
        public var description: String { "\(name):\(line): \(problem)" }
    }

    /// What a stream's records came to.
    public struct Summary: Sendable {
        public var records: Int64 = 0
        public var cleaned: Int64 = 0
        public var dropped: Int64 = 0
        public var passedThrough: Int64 = 0
        /// What cleaning did to the text fields.
        public var stats = CleanStats()

        public init() {}

        public static func += (lhs: inout Summary, rhs: Summary) {
            lhs.records += rhs.records
            lhs.cleaned += rhs.cleaned
            lhs.dropped += rhs.dropped
            lhs.passedThrough += rhs.passedThrough
            lhs.stats += rhs.stats
        }

        /// The line `--stats` prints for records.
        public var report: String {
            "sluice: records \(records): cleaned \(cleaned), dropped \(dropped), passed through \(passedThrough)"
        }
    }

    /// A run of whole lines, back to back with their line breaks.
    final class Batch {
        let bytes = ByteBuffer(capacity: 64 * 1024)
        var lineEnds: [Int] = []  // end of each line's content, before its line break
        var lineStarts: [Int] = []
        var firstLine: Int64 = 0
    }

    /// The cleaned form of a batch.
    final class CleanedBatch {
        let bytes = ByteBuffer(capacity: 64 * 1024)
        var issues: [(line: Int64, problem: RecordProblem)] = []
        var summary = Summary()
    }

    /// Cleans every record of `source` into `sink`. `context` names the stream (records are
    /// `name:line`) and gives the site of records without a URL; each worker's cleaner comes
    /// from `makeCleaner`. `report` hears each line passed through; under `records.strict` the
    /// first such line instead stops the run with that `Issue`, after the records before it are
    /// written.
    /// - Throws: `Issue` (strict), `IOError`, `GzipError`, `BrokenPipeError`.
    @discardableResult
    public static func clean<Source: ByteSource>(
        _ source: Source, to sink: ByteSink, records: RecordOptions, jobs: Int,
        context: DocumentContext, batchBytes: Int = 1 << 20,
        makeCleaner: () -> DocumentCleaner, report: (Issue) -> Void
    ) throws -> Summary {
        var reader = LineReader(source: source, splitCR: false)
        defer { reader.close() }
        var lineNumber: Int64 = 0
        var total = Summary()
        var pendingPiece = false  // the last batch ended inside an overlong line

        func nextBatch() throws -> Batch? {
            let batch = Batch()
            batch.firstLine = lineNumber + 1
            while batch.bytes.count < batchBytes || pendingPiece, let piece = try reader.next() {
                if piece.isLineStart { batch.lineStarts.append(batch.bytes.count) }
                batch.bytes.append(piece.bytes)
                pendingPiece = !piece.isLineEnd
                if piece.isLineEnd {
                    lineNumber += 1
                    batch.lineEnds.append(batch.bytes.count)
                    if piece.terminator == .lf { batch.bytes.append(0x0A) }
                }
            }
            return batch.lineEnds.isEmpty ? nil : batch
        }

        try OrderedJobPool<Batch, CleanedBatch>.run(
            workers: jobs, window: 2 * jobs,
            makeWorker: {
                let cleaner = RecordCleaner(cleaner: makeCleaner(), records: records)
                return { batch in cleanBatch(batch, with: cleaner, of: context) }
            },
            next: nextBatch,
            deliver: { cleaned in
                if records.strict, let first = cleaned.issues.first {
                    throw Issue(name: context.name, line: first.line, problem: first.problem)
                }
                try sink.write(cleaned.bytes.bytes)
                for issue in cleaned.issues {
                    report(Issue(name: context.name, line: issue.line, problem: issue.problem))
                }
                total += cleaned.summary
            })
        try sink.flush()
        return total
    }

    private static func cleanBatch(_ batch: Batch, with cleaner: RecordCleaner,
                                   of stream: DocumentContext) -> CleanedBatch {
        let out = CleanedBatch()
        for (k, end) in batch.lineEnds.enumerated() {
            let start = batch.lineStarts[k]
            let line = UnsafeRawBufferPointer(start: batch.bytes.base + start, count: end - start)
            let nextStart = k + 1 < batch.lineStarts.count ? batch.lineStarts[k + 1] : batch.bytes.count
            let hasBreak = nextStart > end
            if isBlank(line) {
                out.bytes.append(UnsafeRawBufferPointer(start: batch.bytes.base + start, count: nextStart - start))
                continue
            }
            out.summary.records += 1
            let mark = out.bytes.count
            switch cleaner.clean(line, lineNumber: batch.firstLine + Int64(k), of: stream, into: out.bytes) {
            case .cleaned:
                out.summary.cleaned += 1
            case .dropped:
                out.summary.dropped += 1
                out.bytes.count = mark
                continue
            case let .passedThrough(problem):
                out.summary.passedThrough += 1
                out.issues.append((batch.firstLine + Int64(k), problem))
            }
            if hasBreak { out.bytes.append(0x0A) }
        }
        out.summary.stats = cleaner.takeStats()
        return out
    }

    private static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
