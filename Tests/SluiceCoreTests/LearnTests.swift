// Learning repeated lines across documents: counting once per document, per-site grouping,
// thresholds, the written rule file (which `sluice check` accepts), and `--learn-repeats`.
import Testing
@testable import SluiceCore

/// The cleaned lines of `text`, as `sluice` would write them.
private func lines(_ text: String) throws -> DocumentLines {
    let lines = DocumentLines()
    try DocumentCleaner(options: CleanOptions()).cleanLines(MemorySource(Array(text.utf8)), into: lines)
    return lines
}

private func thresholds(minDocuments: Int = 3, minShare: Double = 0.2, maxWords: Int = 12,
                        maxLines: Int = 2_000_000) -> RepeatThresholds {
    var t = RepeatThresholds()
    t.minDocuments = minDocuments
    t.minShare = minShare
    t.maxWords = maxWords
    t.maxLines = maxLines
    return t
}

@Test func countsALineOncePerDocumentByItsFoldedKey() throws {
    let counter = RepeatCounter(thresholds: thresholds())
    counter.add(try lines("Menu alpha\nMenu alpha\nBody one\n"), site: nil)
    counter.add(try lines("MENU ALPHA!\nBody two\n"), site: nil)
    counter.add(try lines("menu, alpha\nBody three\n"), site: nil)
    counter.add(try lines("Body one\nBody one\nBody one\n"), site: nil)
    let learned = counter.learned()
    #expect(learned.count == 1)
    #expect(learned[0].site == nil && learned[0].documents == 4)
    // The text kept is the one met in the line's second document; "Body one" is in two only.
    #expect(learned[0].lines == [LearnedSite.Line(text: "MENU ALPHA!", words: 2, documents: 3)])
}

@Test func groupsBySiteAndAppliesTheShareOfEachSite() throws {
    let counter = RepeatCounter(thresholds: thresholds(minDocuments: 2, minShare: 0.5))
    for n in 1...4 { counter.add(try lines("Shop nav\nItem \(n)\n"), site: "https://www.shop.example/p/\(n)") }
    // On news.org the nav line is in 2 of 5 documents: below half, not learned.
    for n in 1...5 { counter.add(try lines((n <= 2 ? "News nav\n" : "") + "Story \(n)\n"), site: "news.org") }
    let learned = counter.learned()
    #expect(learned.map(\.site) == ["news.org", "shop.example"])
    #expect(learned[0].documents == 5 && learned[0].lines.isEmpty)
    #expect(learned[1].lines.map(\.text) == ["Shop nav"])
    #expect(RepeatCounter.siteName("HTTPS://WWW.Example.com:8080/a") == "example.com")
    for unusable in ["", "*", "a b.com", "a.com,b.com", "https:///path"] {
        #expect(RepeatCounter.siteName(unusable) == nil, "\(unusable)")
    }
}

@Test func skipsBlankAndLongLinesAndLinesBeyondTheCap() throws {
    let long = "one two three four five six seven eight nine ten eleven twelve thirteen"
    let counter = RepeatCounter(thresholds: thresholds(minDocuments: 2, maxLines: 2))
    for _ in 1...3 { counter.add(try lines("A\n\n\(long)\nB\n!!!\nC\n"), site: nil) }
    // "A" and "B" fill the two tracked lines; "C" is never counted; the long line and "!!!"
    // (no word) are not candidates.
    #expect(counter.learned()[0].lines.map(\.text) == ["A", "B"])
    #expect(counter.trackedLines == 2 && counter.untrackedLines == 3)
}

@Test func learnedRulesAreReviewableAndPassTheirExamples() throws {
    let sites = [
        LearnedSite(site: nil, documents: 5, lines: [.init(text: "Back to top ↑", words: 3, documents: 5)]),
        LearnedSite(site: "example.com", documents: 80, lines: [.init(text: "Leave a Reply", words: 3, documents: 57)]),
    ]
    let text = LearnedRules.text(sites, header: ["learned from 85 documents"])
    #expect(text == """
        # learned from 85 documents

        # in 5 of 5 documents
        drop[max-words=3, name=learned.1] = Back to top ↑
          + Back to top ↑

        @site example.com

        # in 57 of 80 documents
        drop[max-words=3, name=learned.example.com.1] = Leave a Reply
          + Leave a Reply

        """)
    let rules = LearnedRules.rules(sites)
    #expect(rules.map(\.id) == ["learned.1", "learned.example.com.1"])
    #expect(rules[1].options.sites == ["example.com"])
    #expect(RuleChecker(set: try RuleSet(rules: rules)).failures().isEmpty)
}

@Test func learnCommandWritesRulesThatCheckAccepts() throws {
    let dir = try TestDirectory()
    for n in 1...4 {
        try dir.write("pages/p\(n).txt", "Menu alpha\n\nArticle \(n) says something new.\n\nBottom strip\n")
    }
    try dir.write("pages/q.txt", "Bottom strip\n")
    try dir.write("feed.jsonl", (1...3).map { #"{"text":"Tagline here\nRecord \#($0)","url":"https://a.example/\#($0)"}"# }
                                     .joined(separator: "\n") + "\n")
    let run = try SluiceBinary.run(["learn", "pages", "feed.jsonl", "-o", "site.rules"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    let rules = try dir.text("site.rules")
    #expect(rules.hasPrefix("# Learned by sluice learn from 8 documents in 6 files: 1 sites, 5 documents without a site."))
    #expect(rules.contains("# in 5 of 5 documents\ndrop[max-words=2, name=learned.1] = Bottom strip\n"))
    #expect(rules.contains("# in 4 of 5 documents\ndrop[max-words=2, name=learned.2] = Menu alpha\n"))
    #expect(rules.contains("@site a.example\n\n# in 3 of 3 documents\ndrop[max-words=2, name=learned.a.example.1] = Tagline here\n"))
    #expect(!rules.contains("Article"))
    let check = try SluiceBinary.run(["check", "site.rules"], in: dir.path)
    #expect(check.status == 0, "\(check.stderr)")
    let missing = try SluiceBinary.run(["learn", "pages", "nowhere.txt"], in: dir.path)
    #expect(missing.status == 1 && missing.stderr.contains("nowhere.txt"))
}

@Test func learnRepeatsDropsLinesRepeatedAcrossFilesWhileKeepRulesWin() throws {
    let dir = try TestDirectory()
    for n in 1...4 {
        try dir.write("in/p\(n).txt", "Menu alpha\nKeep me around\nArticle \(n) is its own.\n" + (n == 1 ? "Only here\n" : ""))
    }
    try dir.write("keep.rules", "keep = Keep me around\n")
    let run = try SluiceBinary.run(["in", "-o", "out", "--learn-repeats", "--rules", "keep.rules", "-q"], in: dir.path)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try dir.text("out/p1.txt") == "Keep me around\nArticle 1 is its own.\nOnly here\n")
    #expect(try dir.text("out/p2.txt") == "Keep me around\nArticle 2 is its own.\n")
    let explained = try SluiceBinary.run(["--learn-repeats", "--explain", "--rules", "keep.rules", "in/p1.txt", "in/p2.txt", "in/p3.txt"], in: dir.path)
    // "Keep me around" is learned too (learned.1), but the keep rule wins.
    #expect(explained.stderr.contains("learned.2 drop: Menu alpha") && !explained.stderr.contains("drop: Keep me"))
    let piped = try SluiceBinary.run(["--learn-repeats"], in: dir.path, stdin: Array("Menu alpha\n".utf8))
    #expect(piped.status == 2 && piped.stderr.contains("not standard input"))
}
