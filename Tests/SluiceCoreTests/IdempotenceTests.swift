import Testing
@testable import SluiceCore

@Suite("Idempotence")
struct IdempotenceTests {
    /// Pieces that exercise every step: spaces, invisible characters, marks, compatibility
    /// characters, controls, invalid bytes, line breaks.
    static let pieces: [[UInt8]] = [
        "a", "Z", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{00A0}", "\u{3000}", "\u{200B}", "\u{200D}",
        "\u{00AD}", "\u{FEFF}", "\u{0301}", "\u{0308}", "e", "ﬁ", "①", "\u{00A8}", "ß", "İ", "日本", "😀",
        "\u{0645}", "\u{01}", "\u{85}", "Leave a Reply", ".",
    ].map { Array($0.utf8) } + [[0xFF], [0xE2, 0x82], [0xC0, 0xAF]]

    @Test(arguments: [NormalizationForm.nfc, .nfd, .nfkc, .nfkd, .nfkcCasefold, .none])
    func cleaningTwiceChangesNothing(form: NormalizationForm) throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<400 {
            var input: [UInt8] = []
            for _ in 0..<Int(generator.next() % 24) {
                input += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
            }
            let once = try clean(input, options: options(form: form))
            let twice = try clean(once, options: options(form: form))
            #expect(once == twice, "input \(input)")
        }
    }

    @Test func cleaningTwiceWithDefaultRulesChangesNothing() throws {
        let rules = try RuleSet(compiling: RuleLoader.loadDefault())
        let seedLike = "in ,\n\nTitle\n\nBody text.\u{00A0}\u{00A0}More.\n\nWhat do you think?\n\nLeave a Reply\n"
        let once = try clean(seedLike, rules: rules)
        #expect(try clean(once, rules: rules) == once)
    }
}

/// A small deterministic generator for property tests.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
