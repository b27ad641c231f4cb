import Foundation
import Testing
@testable import SluiceCore

@Suite("Rule matching and actions")
struct RuleMatchingTests {
    @Test func foldedKeysIgnoreCaseSpacesAndSurroundingPunctuation() {
        let folder = FoldedKeyBuilder()
        for text in ["Leave a Reply", "LEAVE A REPLY:", " leave  a reply…", "Leave\u{00A0}a «Reply»"] {
            #expect(folder.fold(text) == Array("leave a reply".utf8), "\(text)")
            #expect(folder.wordCount == 3)
        }
        #expect(folder.fold("Straße") == Array("strasse".utf8))
        _ = folder.fold("コメントを残す")
        #expect(folder.wordCount == 4)
    }

    @Test func foldingMatchesICUsNFKCCasefoldOnTrickyCodePoints() {
        let folder = FoldedKeyBuilder()
        let cases: [(String, String)] = [
            ("ﬁle", "file"), ("ÉCOLE", "école"), ("E\u{0301}cole", "école"), ("ＡＢＣ！", "abc"),
            ("re\u{00AD}ply", "reply"), ("Ǆemal", "džemal"), ("ΣΟΦΙΑ", "σοφια"), ("Привет, МИР", "привет мир"),
            ("①②", "12"), ("Œuvre—Ça", "œuvre ça"), ("😀 Leave", "leave"), ("İ", "i\u{0307}"),
        ]
        for (text, key) in cases {
            #expect(String(decoding: folder.fold(text), as: UTF8.self) == key, "\(text)")
        }
    }

    @Test func theCachedFoldAgreesWithICUsNormalizerOnRandomText() {
        let pieces = ["e", "E", "…", "™", "¼", "\u{0301}", "\u{0308}", "ﬁ", "か", "\u{3099}", "ハ", "\u{309A}", "가", "\u{11A8}",
                      "\u{1100}", "\u{1161}", "İ", "ß", "Σ", "ς", "\u{00AD}", " ", ",", "Å", "\u{212B}", "①", "ǅ",
                      "ا", "\u{0651}", "\u{0915}", "\u{093C}", "😀", "Ω", "\u{2126}"]
        let folder = FoldedKeyBuilder()
        let normalizer = Normalizer(form: .nfkcCasefold)
        var generator = SplitMix64(seed: 11)
        for _ in 0..<3000 {
            let text = (0..<Int(generator.next() % 8)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let direct = folder.fold(text)
            let out = ByteBuffer()
            Array(text.utf8).withUnsafeBufferPointer { _ = normalizer.normalize($0.baseAddress!, count: $0.count, into: out) }
            let viaICU = folder.fold(String(decoding: out.bytes, as: UTF8.self))
            #expect(direct == viaICU, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func wordCountsFollowTheKeyOnRandomMixedText() {
        // The count the docs state, from the key alone: each space-separated token is a word,
        // except that a token holding characters of a script without spaces counts those at
        // two characters a word (for the line as a whole) instead.
        func documented(_ key: [UInt8]) -> Int {
            var tokens = 0, withUnspaced = 0, unspaced = 0
            // Split on scalars: a space and the mark after it are one `Character`.
            for token in String(decoding: key, as: UTF8.self).unicodeScalars.split(separator: " ") {
                tokens += 1
                let n = token.filter { FoldedKeyBuilder.isUnspacedScript($0.value) }.count
                if n > 0 { withUnspaced += 1; unspaced += n }
            }
            return tokens - withUnspaced + (unspaced + 1) / 2
        }
        let pieces = ["a", "Bc", "d9", " ", "  ", ",", "-", "é", "Ж", "ß", "東", "京", "か", "カ", "ｶ", "한", "—", "“",
                      "\u{00A0}", "\u{0301}", "ﬁ", "😀", "𠀋", "x", "Q"]
        let folder = FoldedKeyBuilder()
        var generator = SplitMix64(seed: 5)
        for _ in 0..<5000 {
            let text = (0..<Int(generator.next() % 12)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let key = folder.fold(text)
            #expect(folder.wordCount == documented(key), "\(text.unicodeScalars.map { String($0.value, radix: 16) }) key \(String(decoding: key, as: UTF8.self).unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func phraseMatchersRespectWordBoundaries() throws {
        let rules = try ruleSet("""
            drop = Leave a Reply
            drop ^ Posted in
            drop $ Read more
            drop * cookie settings
            """)
        let matcher = RuleMatcher(rules)
        func hits(_ line: String) -> [Int] {
            var line = line
            return line.withUTF8 { matcher.match(UnsafeRawBufferPointer($0)) }
        }
        #expect(hits("LEAVE A REPLY:") == [0])
        #expect(hits("Leave a reply to John") == [])
        #expect(hits("Posted in News, Politics") == [1])
        #expect(hits("Posted inside the box") == [])
        #expect(hits("The full story… Read more »") == [2])
        #expect(hits("Change your Cookie Settings here") == [3])
        #expect(hits("cookie settingsx") == [])
    }

    @Test func phrasesInScriptsWithoutSpacesMatchInsideRuns() throws {
        let rules = try ruleSet("drop[max-words=10] * コメント\n")
        #expect(try clean("記事本文です。\nコメントを残す\n", rules: rules) == "記事本文です。\n")
    }

    @Test func regexesRunCaseInsensitivelyUnlessAsked() throws {
        let rules = try ruleSet("drop ~ ^\\d+ comments?$\ndrop[case] ~ ^SPONSORED$\n")
        #expect(try clean("12 Comments\nSponsored\nSPONSORED\nkeep me\n", rules: rules) == "Sponsored\nkeep me\n")
    }

    @Test func requiredLiteralsAreFoundConservatively() {
        let folder = FoldedKeyBuilder()
        func literals(_ p: String) -> [String]? {
            RequiredLiteral.keys(of: p, folder: folder).map { $0.map { String(decoding: $0, as: UTF8.self) } }
        }
        #expect(literals("Liked it\\? Take a second to support .{1,80} on Patreon!") == ["liked it take a second to support"])
        #expect(literals("colou?r scheme") == ["r scheme"])
        #expect(literals("\\d+ comments?") == ["comment"])
        #expect(literals("(?x) free spacing") == nil)
        #expect(literals("^(?:subscribe|join)\\b.{0,40}\\bnewsletter") == ["newsletter"])
        // Alternatives: a group of plain words, or the pattern's own branches.
        #expect(literals("^(Share|Tweet)$") == ["share", "tweet"])
        #expect(literals("foo|barbaz") == ["foo", "barbaz"])
        #expect(literals("^(?:abonnez-vous|recevez).{0,30}(?:newsletter|infolettre)") == ["newsletter", "infolettre"])
        #expect(literals("\\b(?:when|if) you (?:buy|shop)\\b") == ["when you buy", "when you shop", "if you buy", "if you shop"])
        // Optional groups, short or nested alternatives, and branches without a literal give none.
        #expect(literals("^(?:read more|continue)?$") == nil)
        #expect(literals("^\\W*(?i:by|di)\\s") == nil)
        #expect(literals("^(?:share (?:this|it)|tweet)$") == nil)
        #expect(literals("sponsored|^\\d+$") == nil)
    }

    @Test func requiredLiteralsHoldOnEveryLineTheirRegexMatches() throws {
        // Every default regex, on every corpus line and example it matches: one of its keys is
        // in the line's key.
        let set = try RuleSet(compiling: RuleLoader.loadDefault(), everyRegex: true)
        let folder = FoldedKeyBuilder(), keyFolder = FoldedKeyBuilder()
        let directory = "\(repositoryRoot)/corpus"
        let lines = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            .filter { $0.hasSuffix(".txt") }
            .flatMap { try String(contentsOfFile: "\(directory)/\($0)", encoding: .utf8).split(separator: "\n").map(String.init) }
        var checked = 0, alternativesChecked = 0
        for (r, rule) in set.rules.enumerated() where rule.matcher == .regex {
            guard let keys = RequiredLiteral.keys(of: rule.text, folder: folder) else { continue }
            let regex = try #require(set.compiledRegexes[r])
            for var line in lines + rule.examples.map(\.text) where line.withUTF8({ regex.firstMatch(in: UnsafeRawBufferPointer($0)) }) != .noMatch {
                let key = keyFolder.fold(line)
                checked += 1
                if keys.count > 1 { alternativesChecked += 1 }
                #expect(keys.contains { key.firstRange(of: $0) != nil }, "\(rule.id): \(line)")
            }
        }
        #expect(checked > 500 && alternativesChecked > 50)
    }

    @Test func theAutomatonFindsOverlappingPhrases() {
        let automaton = PhraseAutomaton(patterns: [Array("leave a reply".utf8), Array("reply".utf8), Array("a r".utf8)])
        var found: [(Int, Int)] = []
        let scanner = PhraseAutomaton.Scanner(automaton)
        Array("please leave a reply".utf8).withUnsafeBytes { scanner.forEachMatch(in: $0) { found.append(($0, $1)) } }
        #expect(found.map(\.0).sorted() == [0, 1, 2])
        #expect(found.first { $0.0 == 0 }!.1 == 20)
    }

    @Test func theAutomatonAgreesWithBruteForceSearch() {
        var generator = SplitMix64(seed: 5)
        let alphabet: [UInt8] = Array(" abcа".utf8)  // includes a two-byte letter
        func word(_ n: Int) -> [UInt8] { (0..<n).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] } }
        var laned = 0
        for round in 0..<400 {
            // Short patterns, and in every other round long ones too.
            var patterns = (0..<Int(1 + generator.next() % 12)).map { _ in word(Int(1 + generator.next() % 5)) }
            if round % 2 == 1 {
                patterns += (0..<Int(1 + generator.next() % 4)).map { _ in word(Int(20 + generator.next() % 60)) }
            }
            let scanner = PhraseAutomaton.Scanner(PhraseAutomaton(patterns: patterns))
            for _ in 0..<5 {
                // One key, or many joined by the separator: a text of several hundred bytes
                // is scanned in lanes, cut at separators.
                let keyCount = generator.next() % 2 == 0 ? 1 : Int(2 + generator.next() % 16)
                var text: [UInt8] = []
                for k in 0..<keyCount {
                    var key = word(Int(generator.next() % (keyCount == 1 ? 300 : 120)))
                    for _ in 0..<Int(generator.next() % 4) where !key.isEmpty {
                        let at = Int(generator.next() % UInt64(key.count))
                        key.insert(contentsOf: patterns[Int(generator.next() % UInt64(patterns.count))], at: at)
                    }
                    text += key
                    if k < keyCount - 1 || generator.next() % 2 == 0 { text.append(PhraseAutomaton.separator) }
                }
                if text.count >= 4 * 64 && text.contains(PhraseAutomaton.separator) { laned += 1 }
                var found: [[Int]] = []
                text.withUnsafeBytes { scanner.forEachMatch(in: $0) { found.append([$0, $1]) } }
                var expected: [[Int]] = []
                for end in 0...text.count {
                    for (id, p) in patterns.enumerated() where p.count <= end && Array(text[(end - p.count)..<end]) == p {
                        expected.append([id, end])
                    }
                }
                #expect(found.map { $0[1] } == found.map { $0[1] }.sorted(), "reported in order of their ends")
                #expect(found.sorted { $0.lexicographicallyPrecedes($1) } == expected.sorted { $0.lexicographicallyPrecedes($1) })
            }
        }
        #expect(laned > 500)
    }

    @Test func theWholeKeyTableFindsExactlyItsKeys() {
        var generator = SplitMix64(seed: 11)
        let keys = Set((0..<3000).map { _ in (0..<Int(1 + generator.next() % 24)).map { _ in UInt8(0x61 + generator.next() % 3) } })
        let list = Array(keys)
        let table = WholeKeyTable(list)
        for (i, key) in list.enumerated() {
            #expect(key.withUnsafeBufferPointer { table.find($0.baseAddress!, count: $0.count) } == i)
            // A key one byte longer or shorter is another key, or none.
            for other in [key + [0x61], Array(key.dropLast())] where !other.isEmpty {
                let found = other.withUnsafeBufferPointer { table.find($0.baseAddress!, count: $0.count) }
                #expect(found == list.firstIndex(of: other))
            }
        }
    }

    @Test func linesMatchedInBatchesGetWhatEachGetsAlone() throws {
        let set = try RuleSet(compiling: RuleLoader.loadDefault())
        let batched = RuleMatcher(set), alone = RuleMatcher(set)
        var lines: [[UInt8]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(repositoryRoot)/corpus").sorted()
        where name.hasSuffix(".txt") && !name.hasSuffix(".expected.txt") {
            let text = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(repositoryRoot)/corpus/\(name)")))
            lines += text.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        }
        let all = Array(lines.joined())
        let starts = lines.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        var matchedLines = 0
        all.withUnsafeBytes { raw in
            batched.matchLines(count: lines.count, decisiveOnly: false,
                               line: { UnsafeRawBufferPointer(rebasing: raw[starts[$0]..<starts[$0 + 1]]) },
                               position: { _ in nil }) { i, rules in
                let single = lines[i].withUnsafeBytes { alone.match($0) }
                #expect(Array(rules) == single, "line \(i): \(String(decoding: lines[i], as: UTF8.self))")
                if !single.isEmpty { matchedLines += 1 }
            }
        }
        #expect(lines.count > 900 && matchedLines > 200)
    }

    @Test func maxWordsGuardsRealProse() throws {
        let rules = try ruleSet("drop[max-words=4] * cookies\n")
        let text = "We use cookies\n\nCookies are small files that websites store on your computer, the article explains.\n"
        #expect(try clean(text, rules: rules) == "Cookies are small files that websites store on your computer, the article explains.\n")
    }

    @Test func positionGuardsCountTheDocumentsLines() throws {
        let rules = try ruleSet("drop[first=2] = Menu\ndrop[last=20%] = Share\n")
        let text = "Menu\nA\nMenu\nB\nShare\nC\nD\nE\nF\nShare\n"
        #expect(try clean(text, rules: rules) == "A\nMenu\nB\nShare\nC\nD\nE\nF\n")
    }

    @Test func cutAfterRemovesTheMarkerAndAllBelow() throws {
        let rules = try ruleSet("cut-after = What do you think?\n")
        #expect(try clean("Body.\n\nWhat do you think?\n\nComment 1\nComment 2\n", rules: rules) == "Body.\n")
    }

    @Test func cutBeforeRemovesTheHeadOnlyNearTheTop() throws {
        let rules = try ruleSet("cut-before = Skip to content\n")
        let body = (1...12).map { "Paragraph \($0)." }.joined(separator: "\n") + "\n"
        #expect(try clean("Home\nNews\nSkip to content\n" + body, rules: rules) == body)
        let late = (1...10).map { "Line \($0)" }.joined(separator: "\n") + "\nSkip to content\nEnd\n"
        #expect(try clean(late, rules: rules) == late)
    }

    @Test func dropBlockRemovesUpToABlankLineOrACount() throws {
        let untilBlank = try ruleSet("drop-block = Related posts\n")
        #expect(try clean("Body\n\nRelated posts\nTeaser one\nTeaser two\n\nEnd\n", rules: untilBlank) == "Body\n\nEnd\n")
        let counted = try ruleSet("drop-block[lines=2] = Related posts\n")
        #expect(try clean("Related posts\nTeaser one\nTeaser two\n", rules: counted) == "Teaser two\n")
    }

    @Test func keepWinsOverDropsAndMarkers() throws {
        let rules = try ruleSet("""
            drop * cookies
            cut-after = Leave a Reply
            keep * cookies are small text files
            keep = Leave a Reply
            """)
        let text = "Cookies are small text files.\nWe use cookies\nLeave a Reply\nEnd\n"
        #expect(try clean(text, rules: rules) == "Cookies are small text files.\nLeave a Reply\nEnd\n")
    }

    @Test func stripRemovesTheMatchAndTidiesTheSeam() throws {
        let rules = try ruleSet("strip ~ Liked it\\? Take a second to support .{1,80}? on Patreon!\n")
        let text = "Iran views the valley as vital. Liked it? Take a second to support The Herald on Patreon!\n"
        #expect(try clean(text, rules: rules) == "Iran views the valley as vital.\n")
        #expect(try clean("Liked it? Take a second to support X on Patreon!\n", rules: rules) == "")
    }

    @Test func stripAPhraseOrItsSentence() throws {
        let phrase = try ruleSet("strip $ Read more\n")
        #expect(try clean("The council met on Monday. Read more »\n", rules: phrase) == "The council met on Monday.\n")
        let sentence = try ruleSet("strip[sentence] * support our journalism\n")
        #expect(try clean("Rates rose. Please support our journalism today! Prices fell.\n", rules: sentence)
            == "Rates rose. Prices fell.\n")
    }

    @Test func replaceSubstitutesEveryMatch() throws {
        let rules = try ruleSet("replace ~ \\s*\\(opens in new window\\) => \n")
        #expect(try clean("Read the report (opens in new window) and the annex (opens in new window).\n", rules: rules)
            == "Read the report and the annex.\n")
    }

    @Test func siteRulesApplyOnlyToTheirSites() throws {
        let rules = try ruleSet("drop[site=example.com] = Daily Briefing\n")
        let text = "Daily Briefing\nBody\n"
        #expect(try clean(text, rules: rules) == text)
        #expect(try clean(text, rules: rules, context: DocumentContext(site: "https://news.example.com/a")) == "Body\n")
        #expect(try clean(text, rules: rules, context: DocumentContext(site: "notexample.com")) == text)
    }

    @Test func aCatastrophicRegexTimesOutWithAWarningInsteadOfHanging() throws {
        let rules = try ruleSet("drop ~ ^(a+)+$\n")
        final class Collect: WarningLog { var messages: [String] = []; func warn(_ m: String) { messages.append(m) } }
        let warnings = Collect()
        let sink = MemorySink()
        let line = String(repeating: "a", count: 40) + "!\nok\n"
        try DocumentCleaner(options: CleanOptions(), rules: rules, warnings: warnings)
            .clean(MemorySource(Array(line.utf8)), to: sink)
        #expect(String(decoding: sink.bytes, as: UTF8.self) == line)
        #expect(warnings.messages.count == 1)
        #expect(warnings.messages.first?.contains("time limit") == true)
    }

    @Test func explanationsNameRuleLineActionAndText() throws {
        let rules = try ruleSet("drop[name=share] = Share this:\ncut-after = Leave a Reply\n")
        final class Collect: RemovalLog {
            var lines: [String] = []
            func record(_ r: Removal) { lines.append("\(r.line) \(r.rule) \(r.action) \(String(decoding: r.text, as: UTF8.self))") }
        }
        let log = Collect()
        let cleaner = DocumentCleaner(options: CleanOptions(), rules: rules, log: log)
        let report = try cleaner.clean(MemorySource(Array("Body\nShare this:\nMore\nLeave a Reply\nc1\n".utf8)), to: MemorySink())
        #expect(log.lines == ["2 share drop Share this:", "4 test.rules:2 cut-after Leave a Reply", "5 test.rules:2 cut-after c1"])
        #expect(report.removals == ["share": 1, "test.rules:2": 2])
        #expect(cleaner.stats.removals == ["share": 1, "test.rules:2": 2])
    }

    @Test func blankLineRunsCollapseInTheWindowAndRemovalsKeepTheirLineNumbers() throws {
        final class Collect: RemovalLog {
            var lines: [String] = []
            func record(_ r: Removal) { lines.append("\(r.line) \(String(decoding: r.text, as: UTF8.self))") }
        }
        let log = Collect()
        var o = CleanOptions()
        o.windowBytes = 16
        let rules = try ruleSet("drop = Share\n")
        let sink = MemorySink()
        let text = "\n \nBody one\n\n\n\u{00A0}\nShare\n\nBody two of it\n\n\nShare\n"
        try DocumentCleaner(options: o, rules: rules, log: log).clean(MemorySource(Array(text.utf8)), to: sink)
        #expect(String(decoding: sink.bytes, as: UTF8.self) == "Body one\n\nBody two of it\n")
        #expect(log.lines == ["7 Share", "12 Share"])
    }

    @Test func windowsEndAtTheirLineLimitTooAndTheClassifiersAreSmaller() throws {
        let rules = try ruleSet("drop[first=50%] = Menu\n")
        let text = "Alpha\nMenu\nBeta\nGamma\n"
        #expect(try clean(text, rules: rules) == "Alpha\nBeta\nGamma\n")
        var o = CleanOptions()
        o.windowLines = 2
        // The first window is "Alpha", "Menu": its first half is "Alpha" alone.
        #expect(try clean(text, options: o, rules: rules) == text)
        o.windowLines = 1 << 20
        #expect(DocumentCleaner(options: o, rules: rules).windowLines == 1 << 20)
        o.mode = .classify
        #expect(DocumentCleaner(options: o, rules: rules).windowLines == CleanOptions.classifierWindowLines)
    }

    @Test func documentsLongerThanTheWindowAreDecidedWindowByWindow() throws {
        var o = CleanOptions()
        o.windowBytes = 64
        let rules = try ruleSet("drop = Share\ncut-after = Leave a Reply\n")
        var text = ""
        for i in 0..<50 { text += "Paragraph number \(i) of the story.\nShare\n" }
        text += "Leave a Reply\nComment\n"
        let out = try clean(text, options: o, rules: rules)
        #expect(out == (0..<50).map { "Paragraph number \($0) of the story.\n" }.joined())
    }
}
