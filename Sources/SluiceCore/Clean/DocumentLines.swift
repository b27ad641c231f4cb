/// The cleaned lines of one document, kept in one contiguous buffer: what the rules that look
/// ahead (head cuts, tail positions) and the line classifier see.
///
/// Blank lines are kept as empty lines (one per run, under hygiene): they separate blocks.
///
///     let lines = DocumentLines()
///     lines.append(UnsafeRawBufferPointer(…"Leave a Reply"…))
///     lines.count       // 1
///     lines[0]          // the bytes of "Leave a Reply"
public final class DocumentLines {
    /// The bytes of every line, back to back, without line breaks.
    public let storage = ByteBuffer(capacity: 64 * 1024)
    private var ends: [Int] = []
    /// The 1-based input line number of each line.
    public private(set) var lineNumbers: [Int] = []

    /// False when the document's last line had no line break (kept as is without hygiene).
    public var lastLineTerminated = true

    public init() {}

    /// The number of lines.
    public var count: Int { ends.count }

    /// The total bytes of all lines.
    public var byteCount: Int { storage.count }

    /// Adds a line; `lineNumber` is where it stood in the input (for `--explain`).
    public func append(_ bytes: UnsafeRawBufferPointer, lineNumber: Int = 0) {
        storage.append(bytes)
        ends.append(storage.count)
        lineNumbers.append(lineNumber)
    }

    /// Adds a line whose bytes `write` appends to `storage` itself (so they are not copied
    /// through another buffer); `lineNumber` is where it stood in the input.
    public func append(lineNumber: Int, _ write: (ByteBuffer) throws -> Void) rethrows {
        try write(storage)
        ends.append(storage.count)
        lineNumbers.append(lineNumber)
    }

    /// Removes the last line.
    public func removeLast() {
        ends.removeLast()
        lineNumbers.removeLast()
        storage.count = ends.last ?? 0
    }

    /// The bytes of line `i`, valid until the next change.
    public subscript(i: Int) -> UnsafeRawBufferPointer {
        let start = i == 0 ? 0 : ends[i - 1]
        return UnsafeRawBufferPointer(start: storage.base + start, count: ends[i] - start)
    }

    /// True when line `i` is empty (a block separator).
    public func isBlank(_ i: Int) -> Bool { self[i].isEmpty }

    /// Empties the document and keeps the storage.
    public func removeAll() {
        storage.removeAll()
        ends.removeAll(keepingCapacity: true)
        lineNumbers.removeAll(keepingCapacity: true)
        lastLineTerminated = true
    }
}
