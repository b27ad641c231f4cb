/// An input ready to clean: a file or standard input, decompressed on the fly when it is gzip,
/// whose first bytes can be looked at (`peek`) before they are read.
///
///     var input = try OpenedInput.open("corpus/page.txt.gz")   // gzip, by its name
///     if try input.peek(TextSniffer.sampleSize).withUnsafeBytes(TextSniffer.looksBinary) { … skip … }
///     try cleaner.clean(input, to: sink)                         // the peeked bytes come first
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes, uncompressed, with the ones already peeked at handed out first.
public struct OpenedInput: ByteSource {
    /// The file as opened; call `close()` when done.
    public let file: InputFile
    /// True when the file is read through gzip (its name ends in `.gz`).
    public let isGzip: Bool
    private var plain: FileDescriptorSource
    private var gzip: GzipSource<FileDescriptorSource>?
    private var peeked: [UInt8] = []
    private var peekedPosition = 0

    /// Opens `path` (`-` is standard input, never decompressed).
    public static func open(_ path: String) throws -> OpenedInput {
        let file = try InputFile.open(path)
        guard path != "-" && path.hasSuffix(".gz") else { return OpenedInput(file: file, gzip: nil) }
        do {
            return OpenedInput(file: file, gzip: try GzipSource(file.source, name: path))
        } catch {
            file.close()
            throw error
        }
    }

    private init(file: InputFile, gzip: GzipSource<FileDescriptorSource>?) {
        self.file = file
        self.isGzip = gzip != nil
        self.plain = file.source
        self.gzip = gzip
    }

    public func close() { file.close() }

    /// The first `count` bytes of the input (fewer if it is shorter), which later reads still
    /// return. Only valid before the first `read`.
    public mutating func peek(_ count: Int) throws -> [UInt8] {
        var sample = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try sample.withUnsafeMutableBytes {
                try readUnpeeked(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        sample.removeLast(count - filled)
        peeked = sample
        return sample
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if peekedPosition < peeked.count {
            let n = Swift.min(buffer.count, peeked.count - peekedPosition)
            peeked.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + peekedPosition, byteCount: n) }
            peekedPosition += n
            return n
        }
        return try readUnpeeked(into: buffer)
    }

    private mutating func readUnpeeked(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if let gzip { return try gzip.read(into: buffer) }
        return try plain.read(into: buffer)
    }
}
