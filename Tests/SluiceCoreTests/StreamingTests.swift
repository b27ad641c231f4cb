import Testing
@testable import SluiceCore

@Suite("Streaming and invalid input")
struct StreamingTests {
    @Test func invalidUTF8IsReplacedOncePerMaximalSubpart() throws {
        // Unicode §3.9 / WHATWG examples: truncated sequences, overlongs, surrogates, stray bytes.
        let cases: [([UInt8], [UInt8])] = [
            ([0xFF, 0x61], [0xEF, 0xBF, 0xBD, 0x61]),  // start
            ([0x61, 0xE2, 0x82, 0x62], [0x61, 0xEF, 0xBF, 0xBD, 0x62]),  // middle: truncated €
            ([0x61, 0xC0, 0xAF], [0x61, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]),  // overlong: two subparts
            ([0x61, 0xED, 0xA0, 0x80], [0x61] + [UInt8](repeating: 0, count: 0) + [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD]),  // surrogate
            ([0x61, 0xF0, 0x9F, 0x98], [0x61, 0xEF, 0xBF, 0xBD]),  // truncated at end of input
            ([0x61, 0x80], [0x61, 0xEF, 0xBF, 0xBD]),  // stray continuation at end
        ]
        for (input, expected) in cases {
            #expect(try clean(input) == expected + [0x0A], "\(input)")
        }
    }

    @Test func invalidUTF8CanBeDropped() throws {
        #expect(try clean([0x61, 0xFF, 0x62, 0xE2, 0x82], options: options(invalid: .drop)) == Array("ab\n".utf8))
    }

    @Test func failNamesTheByteOffset() {
        #expect(throws: InvalidUTF8Error(offset: 6)) {
            _ = try clean(Array("ok\nab".utf8) + [0x63, 0xFF], options: options(invalid: .fail))
        }
    }

    @Test func multiByteCharactersAndCRLFSurviveEveryBlockBoundary() throws {
        let input = "Ça\r\nva\u{00A0}bien\r\n\r\n日本語のテキスト😀\r\né\u{0301}\r"
        let expected = try clean(input)
        #expect(expected == "Ça\nva bien\n\n日本語のテキスト😀\né\u{0301}\n".precomposedForTest)
        for blockSize in 1...7 {
            #expect(try clean(input, options: options(blockSize: blockSize), chunk: blockSize) == expected, "block \(blockSize)")
        }
    }

    @Test func invalidSequencesSplitAcrossBlocksAreRepairedTheSame() throws {
        let input: [UInt8] = [0x61, 0xE2, 0x82, 0xAC, 0x62, 0xE2, 0x82, 0x0A, 0xF0, 0x9F, 0x98]
        let whole = try clean(input)
        for blockSize in 1...4 {
            #expect(try clean(input, options: options(blockSize: blockSize), chunk: blockSize) == whole)
        }
    }

    @Test func overlongLinesPassInPiecesCutAtNormalizationBoundaries() throws {
        // 5,000 "e + combining acute" pairs: every cut must fall before an "e", never between
        // the e and its accent, so the output is 5,000 "é".
        let line = String(repeating: "e\u{0301}", count: 5000)
        let out = try clean(line + "\n", options: options(maxLineBytes: 64, blockSize: 16), chunk: 16)
        #expect(out == String(repeating: "é", count: 5000) + "\n")
    }

    @Test func overlongLinesKeepSpacingAcrossPieces() throws {
        let line = (0..<300).map { "word\($0)" }.joined(separator: "  \u{00A0}")
        let out = try clean("  " + line + "  \n", options: options(maxLineBytes: 32, blockSize: 8), chunk: 8)
        #expect(out == (0..<300).map { "word\($0)" }.joined(separator: " ") + "\n")
    }

    @Test func byteBuffersKeepTheirBytesAsTheyGrow() {
        let buffer = ByteBuffer(capacity: 16)
        var expected: [UInt8] = []
        for i in 0..<300_000 {
            let byte = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8)
            buffer.append(byte)
            expected.append(byte)
        }
        buffer.reserve(4 << 20)
        #expect(buffer.capacity >= buffer.count + 4 << 20)
        #expect(buffer.array == expected)
    }

    @Test func emptyInputGivesEmptyOutput() throws {
        #expect(try clean([UInt8]()).isEmpty)
        #expect(try clean([UInt8](), options: options(hygiene: false)).isEmpty)
    }

    @Test func inputWithoutFinalNewline() throws {
        #expect(try clean("last line") == "last line\n")
        #expect(try clean("last line", options: options(hygiene: false)) == "last line")
    }

    @Test func statsCountWhatHappened() throws {
        let cleaner = DocumentCleaner(options: CleanOptions())
        let sink = MemorySink()
        try cleaner.clean(MemorySource(Array("e\u{0301}\n".utf8) + [0xFF, 0x0A]), to: sink)
        #expect(cleaner.stats.linesIn == 2)
        #expect(cleaner.stats.linesOut == 2)
        #expect(cleaner.stats.invalidSequences == 1)
        #expect(cleaner.stats.linesNormalized == 1)
        #expect(cleaner.stats.bytesIn == 6)
        #expect(cleaner.stats.bytesOut == Int64(sink.bytes.count))
    }
}

extension String {
    /// The NFC form, computed the slow way for expectations (tests only).
    var precomposedForTest: String {
        replacingOccurrences("e\u{0301}", with: "é")
    }

    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
