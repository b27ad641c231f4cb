import Foundation
import Testing
@testable import SluiceCore

/// The cheap tests that spare lines the key fold and ICU: each must never turn away a line
/// that the full matcher would match.
@Suite("Matching prefilters")
struct PrefilterTests {
    private func admits(_ pattern: String, _ line: String, caseInsensitive: Bool = true) -> Bool? {
        guard let gate = LeadingGate.of(pattern: pattern, caseInsensitive: caseInsensitive) else { return nil }
        var line = line
        return line.withUTF8 { text in
            gate.verdicts.withUnsafeBufferPointer { verdicts in
                LeadingGate.admits(verdicts.baseAddress!, sequences: gate.sequences, text.baseAddress!, count: text.count)
            }
        }
    }

    @Test func leadingGatesReadTheLineUpToItsFirstLetter() {
        let copyright = #"^\W*(?:©|\([cC]\)|ⓒ|&copy;)\s*(?:(?:19|20)\d\d|\p{Lu})"#
        #expect(admits(copyright, "© 2024 Example Media") == true)
        #expect(admits(copyright, " — (c) 2020 Foo") == true)
        #expect(admits(copyright, "Ⓒ 2020 Foo") == true)  // ⓒ's other case
        #expect(admits(copyright, "Copyright law changed") == false)
        #expect(admits(copyright, "“Quoted” words first") == false)  // “ shares ⓒ's lead byte only
        #expect(admits(copyright, "Привет © 2020") == false)
        #expect(admits(copyright, "") == false)

        let byline = #"^\W*(?i:by|di)\s*:?\s+\p{Lu}"#
        #expect(admits(byline, "BY Jane Doe", caseInsensitive: false) == true)
        #expect(admits(byline, "• di Mario Rossi", caseInsensitive: false) == true)
        #expect(admits(byline, "Jane Doe", caseInsensitive: false) == false)
        #expect(admits(#"^\W*share\b"#, "ſhare this") == true)  // ſ folds to s
        #expect(admits(#"^\W*share\b"#, "Kshare") == false)
        #expect(admits(#"^\W*\d+\s+comments?$"#, "12 comments") == true)
        #expect(admits(#"^\W*\d+\s+comments?$"#, "١٢ comments") == true)  // digits of other scripts
        #expect(admits(#"^[\s•·|/,*+-]*(?=\w)tags?:"#, "  • Tags: a") == true)
        #expect(admits(#"^\W*tags?:"#, "  • Flags: a") == false)
        let shareList = #"^[\s•·|/,*+-]*(?=(?:share|tweet|email)\b)(?:(?:share|tweet|email)\b\W*)*$"#
        #expect(admits(shareList, "• Tweet • Email") == true)
        #expect(admits(shareList, "Print this page") == false)
    }

    @Test func patternsTheGateDoesNotUnderstandGetNone() {
        for pattern in [#"\bshare\b"#, #"^(?:foo)?bar"#, #"^\W*.{0,3}x"#, #"^\w+:"#, #"^(?x) a b"#, #"^[^a]b"#, #"^(?:a|)b"#] {
            #expect(admits(pattern, "anything") == nil, "\(pattern)")
        }
    }

    /// Over the corpus's lines and every default regex that has a gate: a line the regex
    /// matches is admitted.
    @Test func leadingGatesAdmitEveryLineTheirRegexMatches() throws {
        let set = try RuleSet(compiling: RuleLoader.loadDefault(), everyRegex: true)
        let lines = try corpusLines()
        var checked = 0
        for (r, rule) in set.rules.enumerated() where set.leadingGates[r] >= 0 {
            let regex = try #require(set.compiledRegexes[r])
            for var line in lines {
                let matched = line.withUTF8 { regex.firstMatch(in: UnsafeRawBufferPointer($0)) } != .noMatch
                guard matched else { continue }
                checked += 1
                #expect(admits(rule.text, line, caseInsensitive: !rule.options.caseSensitive) == true, "\(rule.id): \(line)")
            }
        }
        #expect(checked > 50)
    }

    @Test func wordFloorNeverCountsMoreWordsThanTheFold() throws {
        let folder = FoldedKeyBuilder()
        let lines = try corpusLines() + [
            "one two three four", "— one — two —", "東京は 晴れ です ね", "a ⼀ b c d", "x² y³ z",
            "Привет мир как дела", "re\u{00AD}ply to all of them", "_ _ _ a", "a\u{0301} b c",
            "a漢 b字 c漢 d字 e漢 f字 g", "漢字 " + String(repeating: "x ", count: 20), "ひらがな 漢字 かな 字 漢", "한국어 문장은 띄어 쓴다 그렇다", "가 나 다 ㄱ ㄴ 〜 하", "من الطاقة ، الجامعة ؟ البرنامج ـ أوضح",
            String(repeating: "من الطاقة ، الجامعة ؟ البرنامج ـ أوضح ؛ ", count: 6),
            String(repeating: "Москва ، ؟ x ÷ y × z ، ", count: 5),
            String(repeating: "한국어 문장은 ㄱ ㄴ 〜 띄어 쓴다 힣 ퟻ 가 ", count: 4),
        ]
        for var line in lines {
            _ = folder.fold(line)
            let words = folder.wordCount
            for limit in [0, 1, 2, 3, 5, 10, 60] {
                let exceeds = line.withUTF8 { WordFloor.exceeds($0.baseAddress!, count: $0.count, limit: limit) }
                if exceeds { #expect(words > limit, "\(line) (limit \(limit), \(words) words)") }
            }
        }
        var prose = "the quick brown fox jumps over the lazy dog "
        prose = String(repeating: prose, count: 10)
        #expect(prose.withUTF8 { WordFloor.exceeds($0.baseAddress!, count: $0.count, limit: 60) })
        var arabic = String(repeating: "قال المدير إن البرنامج الجديد يبدأ في الشهر المقبل ", count: 8)  // 72 words
        #expect(arabic.withUTF8 { WordFloor.exceeds($0.baseAddress!, count: $0.count, limit: 60) })
        var korean = String(repeating: "한국어 문장은 띄어 쓴다 그렇다 ", count: 13)  // 65 words
        #expect(korean.withUTF8 { WordFloor.exceeds($0.baseAddress!, count: $0.count, limit: 60) })
        var chinese = "今天" + String(repeating: "漢字，", count: 40) + "。"  // 82 Han characters: 41 words at least
        #expect(chinese.withUTF8 { WordFloor.exceeds($0.baseAddress!, count: $0.count, limit: 40) })
        #expect(!chinese.withUTF8 { WordFloor.exceeds($0.baseAddress!, count: $0.count, limit: 41) })
        _ = folder.fold(chinese)
        #expect(folder.wordCount > 40)
    }

    @Test func caselessLiteralsKeepToCharactersNoFoldingProduces() throws {
        let window = try #require(CaselessLiteral.of(pattern: #"\s*\(opens? in (?:a )?new (?:window|tab)\)"#))
        #expect(String(decoding: window.bytes, as: UTF8.self) == "(open")
        let patreon = try #require(CaselessLiteral.of(pattern: #"Liked it\? Take a second to support .{1,80}? on Patreon!"#))
        #expect(!patreon.bytes.contains { "fiklst".utf8.contains($0) })
        #expect(CaselessLiteral.of(pattern: #"^(Share|Tweet)$"#) == nil)

        func occurs(_ literal: CaselessLiteral, _ line: String) -> Bool {
            var line = line
            return line.withUTF8 { literal.occurs(in: UnsafeRawBufferPointer($0)) }
        }
        #expect(occurs(window, "Read the report (Opens in new window) here."))
        #expect(occurs(window, "(OPEN in a new tab)"))
        #expect(!occurs(window, "It opens in new ways."))
        #expect(!occurs(window, "(ope"))
        #expect(occurs(patreon, "The end. Liked it? Take a ſecond to support Jane on Patreon!"))
    }

    private func corpusLines() throws -> [String] {
        let directory = "\(repositoryRoot)/corpus"
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            .filter { $0.hasSuffix(".txt") && !$0.hasSuffix(".expected.txt") }
            .flatMap { try String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8).split(separator: "\n").map(String.init) }
    }
}
