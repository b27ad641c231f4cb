import Testing
@testable import SluiceCore

@Suite("Text hygiene")
struct HygieneTests {
    @Test func crlfAndLoneCRBecomeLF() throws {
        #expect(try clean("a\r\nb\rc\n") == "a\nb\nc\n")
    }

    @Test func byteOrderMarksAndStrayFEFFAreRemoved() throws {
        #expect(try clean("\u{FEFF}title\nmid\u{FEFF}dle\n") == "title\nmiddle\n")
    }

    @Test func controlCharactersAreRemovedButTabBecomesASpace() throws {
        #expect(try clean("a\u{01}b\u{7F}c\u{85}d\u{9B}e\tf\n") == "abc de f\n")
    }

    @Test func invisibleFormatCharactersAreRemoved() throws {
        #expect(try clean("zero\u{200B}width soft\u{00AD}hyphen word\u{2060}joiner\n") == "zerowidth softhyphen wordjoiner\n")
    }

    @Test func joinersStayWhereScriptsNeedThem() throws {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        #expect(try clean(family + "\n") == family + "\n")
        let persian = "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}"
        #expect(try clean(persian + "\n") == persian + "\n")
        #expect(try clean("a\u{200D}b\n") == "ab\n")
    }

    @Test func everySpaceSeparatorBecomesOneASCIISpace() throws {
        let spaces = ["\u{00A0}", "\u{1680}", "\u{2002}", "\u{2003}", "\u{2009}", "\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}"]
        for space in spaces {
            #expect(try clean("a\(space)b\n") == "a b\n", "U+\(String(space.unicodeScalars.first!.value, radix: 16))")
        }
    }

    @Test func runsOfSpacesCollapseAndEndsAreTrimmed() throws {
        #expect(try clean("  a  \u{00A0} b \t\n") == "a b\n")
    }

    @Test func blankLineRunsCollapseAndNoneLeadOrTrail() throws {
        #expect(try clean("\n\n  \na\n\n\n \u{00A0}\nb\n\n\n") == "a\n\nb\n")
    }

    @Test func outputEndsWithOneNewlineUnlessEmpty() throws {
        #expect(try clean("no newline") == "no newline\n")
        #expect(try clean("") == "")
        #expect(try clean("\n\n \n") == "")
    }

    @Test func theTidyASCIICheckAgreesWithTheByteLoop() {
        var generator = SplitMix64(seed: 7)
        let alphabet: [UInt8] = [0x20, 0x20, 0x61, 0x62, 0x2E, 0x09, 0x01, 0x7F, 0x7E, 0x21]
        for _ in 0..<5000 {
            let line = (0..<Int(generator.next() % 40)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let out = ByteBuffer()
            var state = Hygiene.LineState()
            line.withUnsafeBufferPointer { Hygiene.apply($0.baseAddress!, count: $0.count, into: out, state: &state) }
            let tidy = line.withUnsafeBufferPointer { Hygiene.isTidyASCII($0.baseAddress!, count: $0.count) }
            #expect(tidy == (out.array == line), "\(line)")
        }
    }

    @Test func noHygieneLeavesLineBreaksAndSpacesAlone() throws {
        let input = "  a\u{00A0}\u{00A0}b\r\n\n\n\u{200B}c"
        #expect(try clean(input, options: options(hygiene: false)) == "  a\u{00A0}\u{00A0}b\r\n\n\n\u{200B}c")
    }

    @Test func noHygieneStillNormalizes() throws {
        #expect(try clean("e\u{0301}\r\n", options: options(hygiene: false)) == "é\r\n")
    }
}
