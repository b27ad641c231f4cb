/// Streams one document (a file, stdin, a record's text) from a `ByteSource` to a `ByteSink`:
/// lines are read in blocks, cleaned by `LineCleaner`, and written with the document-level
/// hygiene steps (blank-line runs collapsed, none at either end, a final newline).
///
/// Memory is bounded by the read block plus `maxLineBytes`, whatever the input's size.
///
///     let cleaner = DocumentCleaner(options: CleanOptions())
///     let sink = MemorySink()
///     try cleaner.clean(MemorySource(Array("\r\n\r\nHello\u{00A0} world \r\n\r\n\r\nBye".utf8)), to: sink)
///     // sink.bytes == "Hello world\n\nBye\n"
public final class DocumentCleaner {
    public let options: CleanOptions
    private let lineCleaner: LineCleaner
    private let line = ByteBuffer(capacity: 64 * 1024)
    public private(set) var stats = CleanStats()

    public init(options: CleanOptions) {
        self.options = options
        self.lineCleaner = LineCleaner(options: options)
    }

    /// Cleans one whole document. Stats accumulate across documents.
    /// - Returns: what was removed, by rule.
    /// - Throws: `InvalidUTF8Error` (under `--invalid fail`), `IOError`, `BrokenPipeError`.
    @discardableResult
    public func clean<Source: ByteSource>(_ source: Source, to sink: ByteSink,
                                          context: DocumentContext = DocumentContext()) throws -> DocumentReport {
        let report = DocumentReport()
        var reader = LineReader(
            source: source, splitCR: options.hygiene, maxLineBytes: options.maxLineBytes,
            blockSize: options.blockSize,
            safeCut: { [normalizer = lineCleaner.normalizer] p, n in normalizer.safeCut(p, count: n) })
        defer { reader.close() }
        let countsBefore = lineCleaner.counts
        var writer = LineWriter(sink: sink, hygiene: options.hygiene)
        defer {
            stats.bytesIn += reader.bytesRead
            stats.bytesOut += writer.bytesOut
            stats.linesOut += writer.linesOut
            stats.invalidSequences += Int64(lineCleaner.counts.invalidSequences - countsBefore.invalidSequences)
            stats.linesNormalized += Int64(lineCleaner.counts.linesNormalized - countsBefore.linesNormalized)
        }

        while let piece = try reader.next() {
            if piece.isLineStart && piece.isLineEnd {
                stats.linesIn += 1
                line.removeAll()
                try lineCleaner.clean(piece, into: line)
                try writer.writeLine(line.bytes, terminator: piece.terminator)
            } else {
                // An overlong line: each piece goes straight out.
                if piece.isLineStart { stats.linesIn += 1; stats.overlongLines += 1 }
                line.removeAll()
                try lineCleaner.clean(piece, into: line)
                try writer.writePiece(line.bytes, isLineStart: piece.isLineStart,
                                      isLineEnd: piece.isLineEnd, terminator: piece.terminator)
            }
        }
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
