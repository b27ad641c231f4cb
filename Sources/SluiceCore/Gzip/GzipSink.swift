/// Compresses cleaned bytes to gzip through the system's zlib and passes them to another sink.
///
/// The header carries no name and no time, so the same input gives the same bytes on every run
/// and machine. `finish()` writes the end of the stream; a sink not finished is not valid gzip.
///
///     let file = FileDescriptorSink(fd: fd, name: "out/page.txt.gz")
///     let gzip = try GzipSink(file, name: file.name)
///     try cleaner.clean(source, to: gzip)
///     try gzip.finish()
import CZlib

/// A `ByteSink` that gzips what it is given into `compressed`.
public final class GzipSink: ByteSink {
    private let compressed: ByteSink
    private let name: String
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let output: UnsafeMutableRawBufferPointer

    public init(_ compressed: ByteSink, name: String, level: Int32 = 6) throws {
        self.compressed = compressed
        self.name = name
        self.output = .allocate(byteCount: 256 * 1024, alignment: 16)
        stream.initialize(to: z_stream())
        // 15 + 16: the largest window, with a gzip header and trailer.
        guard deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                             zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw GzipError(path: name, message: "zlib could not start")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: start.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        try deflateAll(Z_NO_FLUSH)
    }

    /// Passes on what is compressed so far; the compressor keeps its state (see `finish()`).
    public func flush() throws { try compressed.flush() }

    /// Ends the gzip stream (the last block and the trailer) and flushes it.
    public func finish() throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try deflateAll(Z_FINISH)
        try compressed.flush()
    }

    private func deflateAll(_ mode: Int32) throws {
        repeat {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(output.count)
            let status = deflate(stream, mode)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw GzipError(path: name, message: "gzip compression failed (\(status))")
            }
            let produced = output.count - Int(stream.pointee.avail_out)
            if produced > 0 { try compressed.write(UnsafeRawBufferPointer(rebasing: output[..<produced])) }
            if mode == Z_FINISH && status == Z_STREAM_END { return }
        } while stream.pointee.avail_out == 0 || (mode == Z_FINISH)
    }
}
