import Testing
@testable import SluiceCore

@Suite("Normalization forms")
struct NormalizationTests {
    @Test func nfcComposesADecomposedAccent() throws {
        let out = try clean("Cafe\u{0301}\n")
        #expect(Array(out.unicodeScalars).map(\.value) == [0x43, 0x61, 0x66, 0xE9, 0x0A])
    }

    @Test func nfdDecomposes() throws {
        #expect(try clean("é\n", options: options(form: .nfd)).unicodeScalars.map(\.value) == [0x65, 0x301, 0x0A])
    }

    @Test func nfkcFoldsCompatibilityCharacters() throws {
        #expect(try clean("ﬁle ２０ ①\n", options: options(form: .nfkc)) == "file 20 1\n")
    }

    @Test func nfkdDecomposesCompatibilityAndCanonical() throws {
        #expect(try clean("ﬁé\n", options: options(form: .nfkd)).unicodeScalars.map(\.value) == [0x66, 0x69, 0x65, 0x301, 0x0A])
    }

    @Test func nfkcCasefoldFoldsCaseInASCIIAndBeyond() throws {
        #expect(try clean("Straße LEAVE\n", options: options(form: .nfkcCasefold)) == "strasse leave\n")
        #expect(try clean("HELLO World\n", options: options(form: .nfkcCasefold)) == "hello world\n")
    }

    @Test func noneLeavesCodePointsAlone() throws {
        #expect(try clean("e\u{0301}\n", options: options(form: .none)).unicodeScalars.map(\.value) == [0x65, 0x301, 0x0A])
    }

    @Test func compatibilitySpacesAreLaidOutAgain() throws {
        // NFKC turns U+00A8 into space + U+0308; the result must still have single spaces.
        let out = try clean("a \u{00A8}b\n", options: options(form: .nfkc))
        #expect(!out.contains("  "))
        #expect(try clean(out, options: options(form: .nfkc)) == out)
    }

    @Test func normalizerReportsChanges() {
        let normalizer = Normalizer(form: .nfc)
        let out = ByteBuffer()
        let changed = Array("e\u{0301}".utf8).withUnsafeBufferPointer { normalizer.normalize($0.baseAddress!, count: $0.count, into: out) }
        #expect(changed)
        #expect(out.array == Array("é".utf8))
    }
}
