// gzip in and out: round trips, concatenated members, same bytes every run, corrupt input.
import Testing
@testable import SluiceCore

private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let sink = MemorySink()
    let gzip = try GzipSink(sink, name: "test")
    try bytes.withUnsafeBytes { try gzip.write($0) }
    try gzip.finish()
    return sink.bytes
}

private func gunzip(_ bytes: [UInt8], chunk: Int = .max) throws -> [UInt8] {
    let source = try GzipSource(MemorySource(bytes, chunk: chunk), name: "test.gz")
    var out: [UInt8] = []
    var block = [UInt8](repeating: 0, count: 1000)
    while true {
        let n = try block.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { return out }
        out += block[..<n]
    }
}

@Test func gzipRoundTripsAndReadsConcatenatedMembers() throws {
    let text = Array(String(repeating: "Grüße, 世界 — line\n", count: 5000).utf8)
    let packed = try gzip(text)
    #expect(packed.count < text.count / 10)
    #expect(try gunzip(packed, chunk: 333) == text)
    #expect(try gunzip(packed + (try gzip(Array("more\n".utf8)))) == text + Array("more\n".utf8))
}

@Test func gzipOutputIsTheSameOnEveryRun() throws {
    #expect(try gzip(Array("same\n".utf8)) == (try gzip(Array("same\n".utf8))))
}

@Test func truncatedOrCorruptGzipIsAnError() throws {
    let packed = try gzip(Array(String(repeating: "abc\n", count: 1000).utf8))
    #expect(throws: GzipError.self) { try gunzip(Array(packed.dropLast(10))) }
    #expect(throws: GzipError.self) { try gunzip(Array("plain text, not gzip".utf8)) }
}
