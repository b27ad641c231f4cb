#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a line ended in the input.
public enum LineTerminator: UInt8, Sendable {
    /// The input ended without a line break.
    case none
    /// `\n`
    case lf
    /// `\r`, alone or followed by `\n` (which the reader then skips).
    case cr
}

/// A line, or a piece of a line longer than the reader's limit.
///
/// `bytes` points into the reader's buffer and is valid until the next call to `next()`.
public struct LinePiece {
    public var bytes: UnsafeRawBufferPointer
    /// Offset of `bytes[0]` in the input, for error messages.
    public var offset: Int64
    /// The first piece of its line.
    public var isLineStart: Bool
    /// The last piece of its line; `terminator` says what followed it.
    public var isLineEnd: Bool
    public var terminator: LineTerminator
}

/// Splits a byte stream into lines without copying them, reading it in large blocks.
///
/// Memory stays bounded: a line longer than `maxLineBytes` is handed out in pieces, each cut at
/// a place that `safeCut` approves (for sluice, a normalization boundary), never buffered whole.
///
///     var reader = LineReader(source: MemorySource(Array("a\r\nb".utf8)), splitCR: true)
///     while let piece = try reader.next() { … } // "a" (.cr), then "b" (.none)
public struct LineReader<Source: ByteSource> {
    /// Chooses where to cut an overlong line: given `count` bytes, returns a cut in `1...count`.
    public typealias SafeCut = (UnsafePointer<UInt8>, Int) -> Int

    public static var defaultBlockSize: Int { 256 * 1024 }

    private var source: Source
    private let splitCR: Bool
    private let maxLineBytes: Int
    private let safeCut: SafeCut
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private let blockSize: Int
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var bufferOffset: Int64 = 0  // input offset of buffer[0]
    /// Bytes read from the source so far.
    public private(set) var bytesRead: Int64 = 0
    private var inLine = false  // a piece of the current line was handed out already
    private var skipLF = false  // the previous line ended in CR: a following LF belongs to it

    /// - Parameters:
    ///   - splitCR: also end lines at `\r\n` and lone `\r` (hygiene); otherwise only `\n` ends a
    ///     line and a `\r` stays part of the line's bytes.
    ///   - maxLineBytes: the longest piece handed out.
    ///   - blockSize: bytes asked of the source per read.
    public init(source: Source, splitCR: Bool, maxLineBytes: Int = 1 << 20,
                blockSize: Int = LineReader.defaultBlockSize,
                safeCut: @escaping SafeCut = { _, count in count }) {
        self.source = source
        self.splitCR = splitCR
        self.maxLineBytes = Swift.max(4, maxLineBytes)
        self.blockSize = Swift.max(1, blockSize)
        self.safeCut = safeCut
        self.capacity = self.maxLineBytes + self.blockSize
        self.buffer = .allocate(capacity: capacity)
    }

    /// Frees the buffer. The reader must not be used afterwards.
    public func close() { buffer.deallocate() }

    /// The next line or piece, or nil at the end of the input.
    public mutating func next() throws -> LinePiece? {
        while true {
            if skipLF {
                if start == end && !atEOF { try fill(); continue }
                if start < end && buffer[start] == 0x0A { start += 1 }
                skipLF = false
            }
            let available = end - start
            let window = Swift.min(available, maxLineBytes)
            if let (length, terminator, width) = findTerminator(in: window) {
                let piece = makePiece(count: length, isEnd: true, terminator: terminator)
                start += length + width
                if terminator == .cr { skipLF = true }
                return piece
            }
            if available >= maxLineBytes {
                let cut = Swift.max(1, Swift.min(window, safeCut(buffer + start, window)))
                let piece = makePiece(count: cut, isEnd: false, terminator: .none)
                start += cut
                return piece
            }
            if atEOF {
                guard available > 0 else { return nil }
                let piece = makePiece(count: available, isEnd: true, terminator: .none)
                start = end
                return piece
            }
            try fill()
        }
    }

    private mutating func makePiece(count: Int, isEnd: Bool, terminator: LineTerminator) -> LinePiece {
        let piece = LinePiece(
            bytes: UnsafeRawBufferPointer(start: buffer + start, count: count),
            offset: bufferOffset + Int64(start),
            isLineStart: !inLine, isLineEnd: isEnd, terminator: terminator)
        inLine = !isEnd
        return piece
    }

    /// Finds the first line break in `buffer[start ..< start+window]`: the line's length, its
    /// terminator, and how many bytes the terminator takes (a CR is taken alone: a following LF
    /// is skipped on the next call, even across blocks).
    private func findTerminator(in window: Int) -> (Int, LineTerminator, Int)? {
        let base = buffer + start
        let lf = memchr(base, 0x0A, window).map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(base) }
        if splitCR {
            let crLimit = lf ?? window
            if let cr = memchr(base, 0x0D, crLimit) {
                let i = UnsafeMutableRawPointer(cr) - UnsafeMutableRawPointer(base)
                return (i, .cr, 1)
            }
        }
        if let i = lf { return (i, .lf, 1) }
        return nil
    }

    /// Moves unread bytes to the front and reads one more block after them.
    private mutating func fill() throws {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { buffer.update(from: buffer + start, count: remaining) }
            bufferOffset += Int64(start)
            start = 0
            end = remaining
        }
        let room = capacity - end
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: Swift.min(room, blockSize)))
        if n == 0 { atEOF = true } else { end += n; bytesRead += Int64(n) }
    }
}
