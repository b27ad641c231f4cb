/// Streams one document (a file, stdin, a record's text) from a `ByteSource` to a `ByteSink`:
/// lines are read in blocks (`LineReader`), cleaned (`LineCleaner`), decided by the rules
/// (`DocumentRules`) and written with the document-level hygiene steps (`LineWriter`).
///
/// Without rules, lines stream straight through. With rules, cleaned lines gather in a window
/// (`CleanOptions.windowBytes`, a whole page in practice) so that position guards and head cuts
/// can look ahead. Memory is bounded by the read block, `maxLineBytes` and the window, whatever
/// the input's size.
///
///     let cleaner = DocumentCleaner(options: CleanOptions())
///     let sink = MemorySink()
///     try cleaner.clean(MemorySource(Array("\r\n\r\nHello\u{00A0} world \r\n\r\n\r\nBye".utf8)), to: sink)
///     // sink.bytes == "Hello world\n\nBye\n"
public final class DocumentCleaner {
    public let options: CleanOptions
    private let lineCleaner: LineCleaner
    private let rules: DocumentRules?
    private let log: RemovalLog?
    private let warnings: WarningLog?
    private let line = ByteBuffer(capacity: 64 * 1024)
    private let window = DocumentLines()
    /// The most lines a window holds (`CleanOptions.windowLines`, capped under `--mode classify`).
    let windowLines: Int
    /// What cleaning did since the cleaner was made or its stats were last taken.
    public private(set) var stats = CleanStats()

    /// Returns `stats` and starts counting again from zero: what the documents cleaned since the
    /// last call did (a directory run's worker takes each file's counts so).
    public func takeStats() -> CleanStats {
        defer { stats = CleanStats() }
        return stats
    }

    /// - Parameters:
    ///   - rules: the compiled rules; nil (or an empty set) cleans without rules. Under
    ///     `CleanOptions.Mode.classify` the line classifier follows them.
    ///   - log: receives every removal (`--explain`).
    ///   - warnings: receives warnings such as regex time-outs.
    public init(options: CleanOptions, rules: RuleSet? = nil, log: RemovalLog? = nil, warnings: WarningLog? = nil) {
        self.options = options
        self.lineCleaner = LineCleaner(options: options)
        self.windowLines = options.mode == .classify
            ? min(options.windowLines, CleanOptions.classifierWindowLines) : options.windowLines
        // The classifier needs the document's lines gathered, as the rules do.
        let set = rules?.rules.isEmpty == false ? rules : nil
        let classifier = options.mode == .classify ? LineClassifier(model: options.lineModel ?? .builtIn) : nil
        classifier?.explains = log != nil
        if set != nil || classifier != nil {
            self.rules = DocumentRules(set: set ?? RuleSet.empty, classifier: classifier)
        } else {
            self.rules = nil
        }
        self.log = log
        self.warnings = warnings
    }

    /// Cleans one whole document. Stats accumulate across documents.
    /// - Returns: what was removed, by rule.
    /// - Throws: `InvalidUTF8Error` (under `--invalid fail`), `IOError`, `BrokenPipeError`.
    @discardableResult
    public func clean<Source: ByteSource>(_ source: Source, to sink: ByteSink,
                                          context: DocumentContext = DocumentContext()) throws -> DocumentReport {
        var reader = LineReader(
            source: source, splitCR: options.hygiene, maxLineBytes: options.maxLineBytes,
            blockSize: options.blockSize,
            safeCut: { [normalizer = lineCleaner.normalizer] p, n in normalizer.safeCut(p, count: n) })
        defer { reader.close() }
        let countsBefore = lineCleaner.counts
        var writer = LineWriter(sink: sink, hygiene: options.hygiene)
        var report = DocumentReport()
        var lineNumber = 0
        var isFirstWindow = true
        window.removeAll()
        rules?.begin(context)
        defer {
            stats.bytesIn += reader.bytesRead
            stats.bytesOut += writer.bytesOut
            stats.linesOut += writer.linesOut
            stats.invalidSequences += Int64(lineCleaner.counts.invalidSequences - countsBefore.invalidSequences)
            stats.linesNormalized += Int64(lineCleaner.counts.linesNormalized - countsBefore.linesNormalized)
            for (rule, count) in report.removals { stats.removals[rule, default: 0] += count }
        }

        func flushWindow(isLast: Bool) throws {
            guard let rules else { return }
            try rules.apply(window, isFirst: isFirstWindow, isLast: isLast, context: context, writer: &writer,
                            report: &report, log: log, warnings: warnings)
            window.removeAll()
            isFirstWindow = false
        }

        while let piece = try reader.next() {
            if piece.isLineStart { lineNumber += 1; stats.linesIn += 1 }
            let isWholeLine = piece.isLineStart && piece.isLineEnd
            if isWholeLine && rules != nil {
                // Cleaned straight into the window, where the rules decide it.
                try window.append(lineNumber: lineNumber) { try lineCleaner.clean(piece, into: $0) }
                // Under hygiene a run of blank lines is kept as one: it only separates blocks.
                let last = window.count - 1
                if options.hygiene && window.isBlank(last) && (last == 0 || window.isBlank(last - 1)) {
                    window.removeLast()
                    continue
                }
                if piece.terminator == .none { window.lastLineTerminated = false }
                if window.byteCount >= options.windowBytes || window.count >= windowLines { try flushWindow(isLast: false) }
                continue
            }
            line.removeAll()
            try lineCleaner.clean(piece, into: line)
            if isWholeLine {
                // Without rules, lines stream straight through.
                try writer.writeLine(line.bytes, terminator: piece.terminator)
            } else {
                // A piece of an overlong line: the lines before it are decided, then it streams
                // out (or goes, after a cut).
                if piece.isLineStart {
                    stats.overlongLines += 1
                    try flushWindow(isLast: false)
                }
                if rules?.cutRule != nil { continue }
                try writer.writePiece(line.bytes, isLineStart: piece.isLineStart,
                                      isLineEnd: piece.isLineEnd, terminator: piece.terminator)
            }
        }
        try flushWindow(isLast: true)
        try writer.finish()
        return report
    }
}

/// Writes cleaned lines with the document-level layout: under hygiene, a blank line is written
/// only between two non-blank ones (so runs collapse and none lead or trail) and every line ends
/// with `\n`; without hygiene, each line keeps the terminator it had.
struct LineWriter {
    let sink: ByteSink
    let hygiene: Bool
    private var pendingBlank = false
    private var wroteLine = false
    private var lineOpen = false  // bytes of the current line were written
    private(set) var bytesOut: Int64 = 0
    private(set) var linesOut: Int64 = 0

    init(sink: ByteSink, hygiene: Bool) {
        self.sink = sink
        self.hygiene = hygiene
    }

    mutating func writeLine(_ bytes: UnsafeRawBufferPointer, terminator: LineTerminator) throws {
        try writePiece(bytes, isLineStart: true, isLineEnd: true, terminator: terminator)
    }

    mutating func writePiece(_ bytes: UnsafeRawBufferPointer, isLineStart: Bool, isLineEnd: Bool,
                             terminator: LineTerminator) throws {
        guard hygiene else {
            try emit(bytes)
            if isLineEnd {
                if terminator != .none { try emitNewline() }
                linesOut += 1
            }
            return
        }
        if !bytes.isEmpty {
            if !lineOpen {
                if pendingBlank { try emitNewline(); linesOut += 1 }
                pendingBlank = false
                lineOpen = true
            }
            try emit(bytes)
        }
        if isLineEnd {
            if lineOpen {
                try emitNewline()
                linesOut += 1
                wroteLine = true
                lineOpen = false
            } else if wroteLine {
                pendingBlank = true
            }
        }
    }

    /// Ends the document.
    mutating func finish() throws {
        try sink.flush()
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        bytesOut += Int64(bytes.count)
        try sink.write(bytes)
    }

    private mutating func emitNewline() throws {
        bytesOut += 1
        try withUnsafeBytes(of: UInt8(0x0A)) { try sink.write($0) }
    }
}
