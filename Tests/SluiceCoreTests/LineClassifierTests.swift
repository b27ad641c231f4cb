import Testing
@testable import SluiceCore

// The line classifier's features, model format and decisions, on small made-up lines.

private func scan(_ text: String) -> LineScan {
    var s = LineScan()
    var text = text
    text.withUTF8 { s.scan(UnsafeRawBufferPointer($0), stopwords: Stopwords.shared) }
    return s
}

private func document(_ text: String) throws -> DocumentLines {
    let lines = DocumentLines()
    try DocumentCleaner(options: CleanOptions()).cleanLines(MemorySource(Array(text.utf8)), into: lines)
    return lines
}

private func english(_ s: LineScan) -> Int {
    Int(s.stopHits[Stopwords.languages.firstIndex(of: "en")!])
}

@Test func countsWordsAndStopwordsOfProse() {
    let s = scan("The cat sat on the mat, and it was happy.")
    #expect(s.words == 10)
    #expect(english(s) == 6)  // the on the and it was
    #expect(s.endsTerminal)
    #expect(s.sentenceEnds == 1)
    #expect(s.commas == 1)
    #expect(!s.bullet)
    #expect(s.titleWords == 1 && s.alphaWords == 10)
}

@Test func stopwordsIgnoreCase() {
    #expect(english(scan("THE Of AND")) == 3)
    let ru = Stopwords.languages.firstIndex(of: "ru")!
    #expect(scan("Это И не").stopHits[ru] == 3)
}

@Test func seesBulletsAndSeparators() {
    let s = scan("• Home | News | Sports")
    #expect(s.bullet)
    #expect(s.separators == 2)
    #expect(s.words == 3)
    #expect(!s.endsTerminal)
}

@Test func seesSentenceEndsBeforeClosingQuotes() {
    #expect(scan("He said “it is done.”").endsTerminal)
    #expect(scan("Read more:").endsColon)
    #expect(!scan("Version 2.0 released").endsTerminal)
    #expect(scan("Version 2.0 released").sentenceEnds == 0)
}

@Test func countsUnspacedScriptsByCharacter() {
    let s = scan("今日は晴れです。")
    #expect(s.words == 7)          // every Han and kana character is a word
    #expect(s.function == 4)       // は れ で す
    #expect(s.endsTerminal)
}

@Test func countsKoreanParticles() {
    let s = scan("정부는 새 정책을 발표했다.")
    #expect(s.words == 4)
    #expect(s.function == 3)       // 는 을 다
}

@Test func seesURLsAndCopyright() {
    #expect(scan("see https://example.org/x").hasURL)
    #expect(scan("www.example.org").hasURL)
    #expect(scan("© 2024 Example Inc.").hasCopyright)
    #expect(!scan("no links here").hasURL)
}

@Test func collectsCleanedLinesWithBlankRunsCollapsed() throws {
    let lines = try document("\n\na  \n\n\n\u{00A0}b\n\n")
    #expect(lines.count == 3)
    #expect(Array(lines[0]) == Array("a".utf8))
    #expect(lines.isBlank(1))
    #expect(Array(lines[2]) == Array("b".utf8))
}

private let page = """
    • Home
    • News
    • Sports
    • Contact

    The council met on Tuesday to discuss the new budget, which has been delayed for months.
    Members said that the plan would be voted on in the spring, after a public hearing.
    It is the first time in a decade that the town has raised its property tax.

    • Privacy
    • Terms
    • About us
    • Careers
    © 2024 The Town Herald
    """

@Test func findsTheMainRegionAndListRuns() throws {
    let lines = try document(page)
    let f = FeatureExtractor()
    f.extract(lines)
    #expect(f.rows == lines.count)
    #expect(f.value(line: 0, .bullet) == 1)
    #expect(f.value(line: 0, .bulletRunLog) == 2.321928)  // log2(4 + 1)
    #expect(f.value(line: 0, .inMain) == 0)
    #expect(f.value(line: 0, .beforeMain) == 1)
    for i in 5...7 { #expect(f.value(line: i, .inMain) == 1) }
    #expect(f.value(line: 9, .afterMain) == 1)
    #expect(f.value(line: 4, .wordsLog) == 0)  // a blank line: all zeros
    #expect(f.language == "en")
    #expect(f.value(line: 5, .stopDensity) > 0.3)
}

@Test func scoreContextComesFromFirstStageScores() throws {
    let lines = try document("a\nb\nc")
    let f = FeatureExtractor()
    f.extract(lines)
    #expect(f.value(line: 1, .scoreSelf) == 0)
    f.fillScoreContext(scores: [0.9, 0.2, 0.8])
    #expect(f.value(line: 1, .scoreSelf) == 0.2)
    #expect(f.value(line: 1, .scoreBetween) == 0.8)
    #expect(f.value(line: 0, .scoreNext) == 0.2)
}

private let tinyModel = """
    # keep lines that are not bullets
    sluice-line-model 1
    threshold 0.5
    stage
    features bullet stop_density
    base 0
    tree
    split 0 0 0.5 1 2 0    # bullet <= 0.5 ?
    leaf 1 2.0
    leaf 2 -3.0
    """

@Test func loadsAModelAndDecides() throws {
    let model = try LineModel(text: tinyModel)
    #expect(model.stages.count == 1)
    #expect(model.stages[0].treeCount == 1)
    let classifier = LineClassifier(model: model)
    var decisions: [LineDecision] = []
    let lines = try document(page)
    classifier.classify(lines, into: &decisions)
    #expect(decisions.count == lines.count)
    #expect(!decisions[0].keep)
    #expect(decisions[0].signal == "link-list run")
    #expect(decisions[0].explanation == "dropped by classifier: score 0.05 (link-list run)")
    #expect(decisions[4].keep && decisions[4].signal == "blank")
    #expect(decisions[5].keep)
    #expect(abs(decisions[5].score - 0.880797) < 1e-5)  // sigmoid(2)

    classifier.explains = false
    classifier.classify(lines, into: &decisions)
    #expect(!decisions[0].keep && decisions[0].signal == "classifier")
    #expect(decisions[5].keep && abs(decisions[5].score - 0.880797) < 1e-5)
}

@Test func rejectsBadModelsWithTheirLine() {
    #expect(throws: LineModel.FormatError(line: 1, message: "expected the header `sluice-line-model 1`")) {
        try LineModel(text: "features bullet")
    }
    #expect(throws: LineModel.FormatError(line: 2, message: "unknown feature `nope`")) {
        try LineModel(text: "sluice-line-model 1\nfeatures nope\n")
    }
    #expect(throws: LineModel.FormatError(line: 2, message: "the first stage cannot use the score context (`s_self`)")) {
        try LineModel(text: "sluice-line-model 1\nfeatures s_self\n")
    }
    #expect(throws: (any Error).self) {
        try LineModel(text: "sluice-line-model 1\nfeatures bullet\ntree\nsplit 0 0 0.5 1 9 0\nleaf 1 1\n")
    }
}

@Test func builtInModelKeepsProseAndDropsMenus() throws {
    let model = LineModel.builtIn
    #expect(!model.stages.isEmpty)
    #expect(model.lexicon.score(of: "Privacy") > 1 && model.lexicon.score(of: "however") < -1)
    // A page of realistic size: a long menu, the article, a long footer.
    let menu = ["Home", "News", "Local", "Sports", "Business", "Opinion", "Weather", "Obituaries",
                "Classifieds", "Jobs", "Real Estate", "Events", "Subscribe", "Sign In"]
    let footer = ["About Us", "Contact", "Advertise", "Careers", "Privacy Policy", "Terms of Use",
                  "Site Map", "Newsletters"]
    let article = page.split(separator: "\n").filter { !$0.hasPrefix("•") && !$0.hasPrefix("©") }
    let text = (menu.map { "• \($0)" } + [""] + article.map(String.init) + [""] + footer.map { "• \($0)" })
        .joined(separator: "\n")
    let classifier = LineClassifier()
    var decisions: [LineDecision] = []
    let lines = try document(text)
    classifier.classify(lines, into: &decisions)
    var kept: [String] = []
    for i in 0..<lines.count where decisions[i].keep && !lines.isBlank(i) {
        kept.append(String(decoding: lines[i], as: UTF8.self))
    }
    // The prose is all kept; the threshold (0.4) favours recall, so a menu entry may survive
    // the classifier alone (the rules in front take the named ones), but no more than one of 22.
    let prose = kept.filter { $0.hasSuffix(".") }
    #expect(prose.count == 3, "kept \(kept)")
    #expect(kept.count - prose.count <= 1, "kept \(kept)")
}

@Test func seesDashLedLinesAndGluedWords() {
    let dialogue = scan("— История моего увлечения началась с выпечки. Сначала пекла для семьи.")
    #expect(dialogue.bullet && dialogue.dashLead)
    #expect(!scan("• Home").dashLead)
    #expect(scan("Won’t StandWarren Mayor Jim Fouts").glued == 1)
    #expect(scan("Won’t Stand. Warren Mayor").glued == 0)
}

@Test func dashLedSentencesArePartOfTheMainRegion() throws {
    let text = """
        • Home
        • News
        • Contact

        The interview began with a question about how the kitchen blog was started years ago.
        — It started with baking. At first I baked for my family and then for my friends too.
        — Then I began to photograph the cakes, and people asked me for the recipes every day.

        © 2019 Example
        """
    let lines = try document(text)
    let f = FeatureExtractor()
    f.extract(lines)
    for i in 4...6 { #expect(f.value(line: i, .inMain) == 1) }
    #expect(f.value(line: 0, .inMain) == 0)
}

@Test func evaluatesTreesWhoseLeavesLieAtDifferentDepths() throws {
    // A leaf at depth 1 beside a split whose leaves are at depth 2: the classifier pads the tree
    // to depth 2 and must still read each path's own leaf.
    let model = try LineModel(text: """
        sluice-line-model 1
        threshold 0.5
        features bullet words_log
        base 0
        tree
        split 0 0 0.5 1 2 0      # bullet <= 0.5 ?
        leaf 1 -1.0
        split 2 1 2.5 3 4 0.5    # bullet: words_log <= 2.5 ?
        leaf 3 -2.0
        leaf 4 3.0
        """)
    let classifier = LineClassifier(model: model)
    var decisions: [LineDecision] = []
    let lines = try document("• Home\nThe council met on Tuesday to discuss the new budget.\n• a b c d e f g h i j k l\n")
    classifier.classify(lines, into: &decisions)
    #expect(abs(decisions[0].score - 0.1192029) < 1e-6)   // bullet, 1 word: sigmoid(-2)
    #expect(abs(decisions[1].score - 0.2689414) < 1e-6)   // no bullet: sigmoid(-1)
    #expect(abs(decisions[2].score - 0.9525741) < 1e-6)   // bullet, 12 words: sigmoid(3)
    #expect(decisions[2].keep && decisions[2].signal == "length")
}

@Test func stoppingTheTreesEarlyChangesNoDecision() throws {
    // Without explanations the built-in model stops summing trees once no line of a batch can
    // cross the threshold any more; the decisions must be those of the full sum.
    // (A model that smooths or fills never stops early: the built-in one without them.)
    let lines = try document(page + "\n" + page.split(separator: "\n").reversed().joined(separator: "\n"))
    var plain = LineModel.builtIn
    plain.smoothing = 0
    plain.fillLines = 0
    let full = LineClassifier(model: plain), early = LineClassifier(model: plain)
    early.explains = false
    var a: [LineDecision] = [], b: [LineDecision] = []
    full.classify(lines, into: &a)
    early.classify(lines, into: &b)
    #expect(a.map(\.keep) == b.map(\.keep))
    for i in 0..<a.count { #expect((a[i].score >= full.model.threshold) == b[i].keep) }
}

@Test func smoothsWithTheNeighboursAndFillsShortGaps() throws {
    // One tree on words_log: a one-word line scores sigmoid(-1) = 0.27, a 2-3 word line
    // sigmoid(0) = 0.5, a longer one sigmoid(3) = 0.95.
    let body = """
        tree
        split 0 0 1.5 1 2 0
        leaf 1 -1.0
        split 2 0 2.5 3 4 0
        leaf 3 0.0
        leaf 4 3.0
        """
    let text = """
        The council met on Tuesday to discuss the new budget.
        Budget
        The mayor said the town would not raise its taxes this year.
        Taxes
        Schools
        Roads
        The vote is planned for the spring, after two more hearings.
        Home
        """
    let lines = try document(text)
    var decisions: [LineDecision] = []

    // Neither: the one-word lines (0.27) are dropped.
    let plain = try LineModel(text: "sluice-line-model 1\nthreshold 0.4\nfeatures words_log\nbase 0\n" + body)
    LineClassifier(model: plain).classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [true, false, true, false, false, false, true, false])

    // smooth 0.5: "Budget" scores 0.5 × 0.27 + 0.5 × 0.95 = 0.61 and is kept; "Schools" between
    // two one-word lines stays at 0.27; "Home", the last line, counts itself as its missing
    // neighbour: 0.5 × 0.27 + 0.5 × (0.27 + 0.95) / 2 = 0.44, kept.
    let smooth = try LineModel(text: "sluice-line-model 1\nthreshold 0.4\nsmooth 0.5\nfeatures words_log\nbase 0\n" + body)
    #expect(smooth.smoothing == 0.5)
    let classifier = LineClassifier(model: smooth)
    classifier.classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [true, true, true, true, false, true, true, true])
    #expect(abs(decisions[1].score - 0.6108) < 1e-3)
    #expect(decisions[1].signal == "neighbours")
    #expect(decisions[0].signal == "length")

    // The smoothing stays inside a block: across a blank line "Budget" has no neighbour.
    let blocks = try document("The council met on Tuesday to discuss the new budget.\n\nBudget\n")
    classifier.classify(blocks, into: &decisions)
    #expect(decisions.map(\.keep) == [true, true, false])   // the blank line is kept
    #expect(abs(decisions[2].score - 0.2689) < 1e-3)
    // Also when a line the rules removed (not judged) stands between the blank line and
    // "Budget": the judged neighbour is still in another block.
    let removed = try document("The council met on Tuesday to discuss the new budget.\n\nWeather report\nBudget\n")
    classifier.classify(removed, into: &decisions, judging: { $0 != 2 })
    #expect(decisions.map(\.keep) == [true, true, true, false])   // the unjudged line: kept, score 1
    #expect(abs(decisions[3].score - 0.2689) < 1e-3)
    // Without the blank line they are one block, and "Budget" leans on the sentence.
    let joined = try document("The council met on Tuesday to discuss the new budget.\nWeather report\nBudget\n")
    classifier.classify(joined, into: &decisions, judging: { $0 != 1 })
    #expect(decisions.map(\.keep) == [true, true, true])
    #expect(abs(decisions[2].score - 0.4399) < 1e-3)  // 0.5 × 0.27 + 0.5 × (0.95 + 0.27) / 2

    // fill 3 0.2: the gap of three one-word lines between kept lines is kept, "Home" at the
    // end (no kept line after it) is not; with floor 0.3 nothing is filled.
    let fill = try LineModel(text: "sluice-line-model 1\nthreshold 0.4\nfill 3 0.2\nfeatures words_log\nbase 0\n" + body)
    LineClassifier(model: fill).classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [true, true, true, true, true, true, true, false])
    #expect(decisions[4].signal == "neighbours")
    let high = try LineModel(text: "sluice-line-model 1\nthreshold 0.4\nfill 3 0.3\nfeatures words_log\nbase 0\n" + body)
    LineClassifier(model: high).classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [true, false, true, false, false, false, true, false])
    let short = try LineModel(text: "sluice-line-model 1\nthreshold 0.4\nfill 2 0.2\nfeatures words_log\nbase 0\n" + body)
    LineClassifier(model: short).classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [true, true, true, false, false, false, true, false])

    #expect(throws: LineModel.FormatError(line: 2, message: "expected `smooth WEIGHT` with a weight in 0...1")) {
        try LineModel(text: "sluice-line-model 1\nsmooth 2\n" + body)
    }
    #expect(throws: LineModel.FormatError(line: 2, message: "expected `fill LINES FLOOR`")) {
        try LineModel(text: "sluice-line-model 1\nfill 0.5\n" + body)
    }
}

@Test func fallbackKeepsTheMainRegionOfAPageTheModelDropped() throws {
    // A model that drops every line (score sigmoid(-5)).
    let dropsAll = "features words_log\nbase -5\ntree\nleaf 0 0\n"
    let text = """
        Home
        News
        Sport
        The council met on Tuesday to discuss the new budget for the schools.
        Budget
        The mayor said the town would not raise its taxes again this year.
        Contact
        About us
        """
    let lines = try document(text)
    var decisions: [LineDecision] = []
    LineClassifier(model: try LineModel(text: "sluice-line-model 1\n" + dropsAll)).classify(lines, into: &decisions)
    #expect(decisions.allSatisfy { !$0.keep })

    // fallback 0.1: nothing is kept, so the main region (the two sentences and the subhead
    // between them) is; the menus around it are not.
    let model = try LineModel(text: "sluice-line-model 1\nfallback 0.1\n" + dropsAll)
    #expect(model.fallbackShare == Float(0.1))
    LineClassifier(model: model).classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [false, false, false, true, true, true, false, false])
    #expect(decisions[4].signal == "region fallback")
    #expect(decisions[0].signal != "region fallback")

    // A page of menus has no prose, hence no main region: it stays empty.
    LineClassifier(model: model).classify(try document("Home\nNews\nSport\nContact\n"), into: &decisions)
    #expect(decisions.allSatisfy { !$0.keep })

    // A model that keeps more than the share leaves the page alone: here the two sentences
    // (26 words of 33) are kept and "Budget" is not, though it is in the main region.
    let keepsLong = try LineModel(text: """
        sluice-line-model 1
        fallback 0.1
        features words_log
        base 0
        tree
        split 0 0 3.75 1 2 0
        leaf 1 -5
        leaf 2 5
        """)
    LineClassifier(model: keepsLong).classify(lines, into: &decisions)
    #expect(decisions.map(\.keep) == [false, false, false, true, false, true, false, false])

    #expect(throws: LineModel.FormatError(line: 2, message: "expected `fallback SHARE` with a share in 0...1")) {
        try LineModel(text: "sluice-line-model 1\nfallback 2\n" + dropsAll)
    }
}

@Test func lexiconScoresWordsCaseFolded() throws {
    let model = try LineModel(text: """
        sluice-line-model 1
        word 3.5 privacy
        word -2 however
        word 1.25 ñandú
        word 2 привет
        """, requireTrees: false)
    #expect(model.stages.isEmpty && model.lexicon.count == 4)
    #expect(model.lexicon.score(of: "PRIVACY") == 3.5)
    #expect(model.lexicon.score(of: "Привет") == 2)
    #expect(model.lexicon.score(of: "policy") == 0)

    var s = LineScan()
    var text = "However, Privacy Policy ÑANDÚ 日本"
    text.withUTF8 { s.scan(UnsafeRawBufferPointer($0), stopwords: Stopwords.shared, lexicon: model.lexicon) }
    #expect(s.words == 6)       // the two Han characters are words, but not looked up
    #expect(s.lexWords == 4)
    #expect(s.lexSum == 2.75 && s.lexMax == 3.5 && s.lexMin == -2)
    // Without a lexicon the features are 0.
    var plain = LineScan()
    text.withUTF8 { plain.scan(UnsafeRawBufferPointer($0), stopwords: Stopwords.shared) }
    #expect(plain.lexSum == 0 && plain.lexMax == 0 && plain.lexMin == 0)

    let features = FeatureExtractor()
    features.lexicon = model.lexicon
    features.extract(try document("Privacy Policy\n\nHowever it went, all was well.\n"))
    #expect(features.value(line: 0, .lexMean) == 1.75 && features.value(line: 0, .lexMax) == 3.5)
    #expect(features.value(line: 0, .lexMin) == 0)
    #expect(features.value(line: 2, .lexMin) == -2)
    #expect(features.value(line: 1, .lexMax) == 0)  // the blank line
}

@Test func lexiconNeedsAScoreAndAWord() {
    #expect(throws: LineModel.FormatError(line: 2, message: "expected `word SCORE WORD`")) {
        try LineModel(text: "sluice-line-model 1\nword privacy\n", requireTrees: false)
    }
    #expect(throws: LineModel.FormatError(line: 0, message: "a model needs trees")) {
        try LineModel(text: "sluice-line-model 1\nword 1 privacy\n")
    }
}

@Test func lexiconWordsAreTheWordsItLooksUp() {
    var text = "Subscribe to our NEWSLETTER · 東京 ÉLAN naïve-x ДОМ_1 café"
    let words = text.withUTF8 { LineLexicon.words(of: UnsafeRawBufferPointer($0)) }
    // Word characters (`_` and digits included), lowercased as looked up; Han characters are
    // words of their own but never looked up.
    #expect(words == ["subscribe", "to", "our", "newsletter", "élan", "naïve", "x", "дом_1", "café"])
    // A table of exactly those words scores every one of them.
    var lexicon = LineLexicon()
    for w in words { lexicon.add(word: w, score: 1) }
    var s = LineScan()
    text.withUTF8 { s.scan(UnsafeRawBufferPointer($0), stopwords: Stopwords.shared, lexicon: lexicon) }
    #expect(s.lexWords == 9 && s.lexSum == 9 && s.lexMin == 1)
}

@Test func wordHashTableCombinesRepeatsAndGrows() {
    var bits = WordHashTable<UInt16>(placeholder: 0)
    bits.insert(StopwordTable.hash(of: "die"), 1 << 2) { $0 | $1 }
    bits.insert(StopwordTable.hash(of: "DIE"), 1 << 0) { $0 | $1 }
    #expect(bits.count == 1 && bits.value(StopwordTable.hash(of: "Die")) == 0b101)
    #expect(bits.value(StopwordTable.hash(of: "the")) == nil)
    // A hash of 0 is a word like any other (stored under another key).
    bits.insert(0, 7) { $0 | $1 }
    #expect(bits.value(0) == 7)

    var scores = WordHashTable<Float>(placeholder: 0)
    for i in 0..<5000 { scores.insert(StopwordTable.hash(of: "w\(i)"), Float(i)) { _, new in new } }
    scores.insert(StopwordTable.hash(of: "w7"), -1) { _, new in new }
    #expect(scores.count == 5000)
    #expect((0..<5000).allSatisfy { i in scores.value(StopwordTable.hash(of: "w\(i)")) == (i == 7 ? -1 : Float(i)) })
    #expect(scores.value(StopwordTable.hash(of: "w5000")) == nil)
}

@Test func titleKeepsTheHeadlineAboveTheFirstKeptLine() throws {
    // Lines of more than 12 words score sigmoid(5) and are kept; shorter ones sigmoid(-1) = 0.27.
    func model(_ settings: String) throws -> LineModel {
        try LineModel(text: """
            sluice-line-model 1
            \(settings)
            features words_log
            base 0
            tree
            split 0 0 3.75 1 2 0
            leaf 1 -1
            leaf 2 5
            """)
    }
    let page = try document("""
        Home | News | Sport

        Council keeps the school budget as it was

        The council met on Tuesday to discuss the new budget for the schools.
        The mayor said the town would not raise its taxes again this year.
        """)
    var decisions: [LineDecision] = []
    let title = try model("title 0.25")
    #expect(title.titleFloor == Float(0.25))
    LineClassifier(model: title).classify(page, into: &decisions)
    #expect(decisions.map(\.keep) == [false, true, true, true, true, true])
    #expect(decisions[2].signal == "title")

    // Below the floor, or without `title`, the headline goes.
    for settings in ["title 0.3", ""] {
        LineClassifier(model: try model(settings)).classify(page, into: &decisions)
        #expect(decisions.map(\.keep) == [false, true, false, true, true, true])
    }
    // Only the line just above the first kept one, and only when it has 4 to 25 words: a menu
    // of three words is no title, nor is a headline with a byline under it.
    let menu = try document("Home | News | Sport\n\nThe council met on Tuesday to discuss the new budget for the schools.\n")
    LineClassifier(model: title).classify(menu, into: &decisions)
    #expect(decisions.map(\.keep) == [false, true, true])
    let byline = try document("Council keeps the school budget as it was\nBy Jane Doe\n\nThe council met on Tuesday to discuss the new budget for the schools.\n")
    LineClassifier(model: title).classify(byline, into: &decisions)
    #expect(decisions.map(\.keep) == [false, false, true, true])

    #expect(throws: LineModel.FormatError(line: 2, message: "expected `title FLOOR` with a floor in 0...1")) {
        try LineModel(text: "sluice-line-model 1\ntitle 2\nfeatures words_log\nbase 0\ntree\nleaf 0 0\n")
    }
}
