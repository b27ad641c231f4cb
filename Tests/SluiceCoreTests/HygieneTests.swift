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

    /// Hygiene as its documentation states it, one code point at a time (joiners left out:
    /// their rule is tested above), to check the vector kernel and the piece-by-piece state.
    private static func reference(_ line: [Unicode.Scalar]) -> String {
        var out = "", pendingSpace = false
        for c in line {
            switch c.value {
            case 0x09, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                pendingSpace = true
            case 0...0x1F, 0x7F...0x9F, 0xAD, 0x180E, 0x200B, 0x2060, 0xFEFF:
                break
            default:
                if pendingSpace && !out.isEmpty { out += " " }
                pendingSpace = false
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    @Test func theVectorKernelAgreesWithTheStatedStepsPieceByPiece() {
        var generator = SplitMix64(seed: 7)
        // Characters hygiene treats, and neighbours that share their first bytes (C2, E1, E2,
        // E3, EF leads) or their last: the kernel tells them apart by their second or third byte.
        let alphabet: [Unicode.Scalar] = [
            " ", " ", " ", "a", "b", ".", "\t", "\u{01}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "\u{AD}", "«",
            "©", "é", "Ж", "中", "\u{1680}", "\u{180E}", "ệ", "\u{2003}", "\u{200B}", "\u{200E}", "“", "—", "…",
            "\u{2028}", "\u{202F}", "\u{205F}", "\u{2060}", "\u{2070}", "\u{3000}", "、", "。", "あ", "\u{FEFF}",
            "ﺻ", "，", "\u{1F600}",
        ]
        for _ in 0..<4000 {
            let line = (0..<Int(generator.next() % 90)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let bytes = Array(String(String.UnicodeScalarView(line)).utf8)
            // Up to three pieces, cut at character boundaries, as a long line arrives.
            var cuts = [0, bytes.count]
            for _ in 0..<Int(generator.next() % 3) {
                var cut = Int(generator.next() % UInt64(bytes.count + 1))
                while cut < bytes.count && bytes[cut] & 0xC0 == 0x80 { cut += 1 }
                cuts.append(cut)
            }
            cuts.sort()
            let out = ByteBuffer()
            var state = Hygiene.LineState()
            bytes.withUnsafeBufferPointer { all in
                for (from, to) in zip(cuts, cuts.dropFirst()) {
                    Hygiene.apply(all.baseAddress! + from, count: to - from, into: out, state: &state)
                }
            }
            #expect(String(decoding: out.array, as: UTF8.self) == Self.reference(line), "\(line)")
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
