/// Reads gzip-compressed bytes and hands out the uncompressed ones, through the system's zlib.
///
/// Members written back to back (`cat a.gz b.gz > ab.gz`) are read as one stream, as `zcat`
/// does; a stream that stops in the middle of a member is an error, never a silent short read.
///
///     let input = try InputFile.open("dump.txt.gz")
///     try cleaner.clean(GzipSource(input.source, name: input.path), to: sink)
import CZlib

/// Compressed data that zlib cannot read: corrupt, truncated, or not gzip at all.
public struct GzipError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Decompresses a gzip (or zlib) stream read from another `ByteSource`.
public final class GzipSource<Compressed: ByteSource>: ByteSource {
    private var compressed: Compressed
    private let name: String
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let input: UnsafeMutableRawBufferPointer
    private var inMember = false  // input was given to the current member, which has not ended
    private var atEnd = false

    public init(_ compressed: Compressed, name: String, blockSize: Int = 256 * 1024) throws {
        self.compressed = compressed
        self.name = name
        self.input = .allocate(byteCount: blockSize, alignment: 16)
        stream.initialize(to: z_stream())
        // 15 + 32: the largest window, and a gzip or zlib header recognised automatically.
        guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw GzipError(path: name, message: "zlib could not start")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !atEnd, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(clamping: buffer.count)
        let room = Int(stream.pointee.avail_out)
        while Int(stream.pointee.avail_out) == room {
            if stream.pointee.avail_in == 0 {
                let n = try compressed.read(into: input)
                if n == 0 {
                    atEnd = true
                    if inMember { throw GzipError(path: name, message: "gzip data ends in the middle of a member (truncated file?)") }
                    break
                }
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = UInt32(n)
            }
            inMember = true
            switch inflate(stream, Z_NO_FLUSH) {
            case Z_STREAM_END:
                inMember = false
                inflateReset(stream)  // another member may follow
            case Z_OK, Z_BUF_ERROR:
                continue
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "not gzip data"
                throw GzipError(path: name, message: "corrupt gzip data (\(detail))")
            }
        }
        return room - Int(stream.pointee.avail_out)
    }
}
