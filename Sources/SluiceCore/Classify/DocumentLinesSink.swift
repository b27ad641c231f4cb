/// Collects a document's cleaned lines into `DocumentLines`, exactly as `sluice` would write
/// them: the sink splits what `DocumentCleaner` writes at each `\n`, so blank-line runs arrive
/// collapsed to one empty line, with none at either end.
///
///     let lines = DocumentLines()
///     try DocumentCleaner(options: CleanOptions()).cleanLines(MemorySource(Array("a\n\n\nb".utf8)), into: lines)
///     lines.count   // 3: "a", "", "b"
public final class DocumentLinesSink: ByteSink {
    /// Where complete lines go.
    public let lines: DocumentLines
    private let pending = ByteBuffer(capacity: 4096)

    public init(lines: DocumentLines) { self.lines = lines }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var start = 0
        for i in 0..<bytes.count where base[i] == 0x0A {
            if pending.count > 0 {
                pending.append(base + start, count: i - start)
                lines.append(pending.bytes)
                pending.removeAll()
            } else {
                lines.append(UnsafeRawBufferPointer(start: base + start, count: i - start))
            }
            start = i + 1
        }
        pending.append(base + start, count: bytes.count - start)
    }

    /// A last line without a final newline (only without hygiene) is kept as a line.
    public func flush() throws {
        if pending.count > 0 {
            lines.append(pending.bytes)
            pending.removeAll()
        }
    }
}

extension DocumentCleaner {
    /// Cleans one whole document into `lines` (emptied first) instead of writing it: what the
    /// line classifier and `sluice features` read.
    @discardableResult
    public func cleanLines<Source: ByteSource>(_ source: Source, into lines: DocumentLines,
                                               context: DocumentContext = DocumentContext()) throws -> DocumentReport {
        lines.removeAll()
        let sink = DocumentLinesSink(lines: lines)
        let report = try clean(source, to: sink, context: context)
        try sink.flush()
        return report
    }
}
