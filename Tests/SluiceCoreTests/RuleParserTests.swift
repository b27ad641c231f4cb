import Testing
@testable import SluiceCore

@Suite("Rule files: parsing and diagnostics")
struct RuleParserTests {
    func parse(_ text: String) -> RuleParser.Parsed {
        var parser = RuleParser(file: "t.rules")
        return parser.parse(text)
    }

    @Test func parsesActionsOptionsMatchersAndExamples() throws {
        let parsed = parse("""
            # a comment
            @title Test rules
            drop[max-words=6, name=notify-of, last=30%] = Notify of
              + Notify of
              - Notify of any change, the contract says.
            strip[sentence] * support us on Patreon
              + Good. Please support us on Patreon today! => Good.
            replace ~ \\s*\\(opens in new window\\) => 
            """)
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.title == "Test rules")
        #expect(parsed.rules.count == 3)
        let drop = parsed.rules[0]
        #expect(drop.action == .drop && drop.matcher == .equals && drop.text == "Notify of")
        #expect(drop.options.maxWords == 6 && drop.options.last == .percent(30))
        #expect(drop.id == "notify-of")
        #expect(drop.examples.map(\.shouldAct) == [true, false])
        #expect(parsed.rules[1].options.sentence)
        #expect(parsed.rules[1].examples[0].result == "Good.")
        #expect(parsed.rules[1].id == "t.rules:6")
        #expect(parsed.rules[2].replacement == "")
        #expect(parsed.rules[2].text == "\\s*\\(opens in new window\\)")
    }

    @Test func reportsEachProblemAtItsLineAndColumn() {
        let parsed = parse("""
            drop[max-words=x] = a
            zap = b
            drop = !!!
            drop[lines=3] = c
              + orphan?
            drop Leave
            @frobnicate
            """)
        #expect(parsed.diagnostics.map(\.description) == [
            "t.rules:1:6: error: max-words needs a whole number, as in max-words=8",
            "t.rules:2:1: error: unknown action 'zap' (known: drop, strip, replace, cut-after, cut-before, drop-block, keep)",
            "t.rules:3:8: error: the phrase '!!!' has no letter or digit to match",
            "t.rules:4:6: error: option 'lines' applies to drop-block only",
            "t.rules:6:6: error: expected a matcher (= ^ $ * ~) after 'drop', found 'L'",
            "t.rules:7:2: error: unknown directive '@frobnicate' (known: @title, @include, @site)",
        ])
    }

    /// Rules are read on their bytes; columns still count characters, and characters of other
    /// scripts are read as characters where they touch the syntax.
    @Test func readsRulesOnTheirBytesAndCountsColumnsInCharacters() {
        let parsed = parse("""
            drоp = Cyrillic o in the action
            drop→ x
            drop =\u{301} y
            drop[site=пример.рф, max-words=é] = z
            drop[  max-words  =  4  ,name=è_1]\t\t^ kept
            replace = => b
            replace ~ a=>b => c
            drop = ¡¡!!
            """)
        #expect(parsed.diagnostics.map(\.description) == [
            "t.rules:1:1: error: unknown action 'drоp' (known: drop, strip, replace, cut-after, cut-before, drop-block, keep)",
            "t.rules:2:5: error: expected a matcher (= ^ $ * ~) after 'drop', found '→'",
            "t.rules:3:6: error: expected a matcher (= ^ $ * ~) after 'drop', found '=\u{301}'",
            "t.rules:4:22: error: max-words needs a whole number, as in max-words=8",
            "t.rules:6:11: error: the rule has no phrase",
            "t.rules:8:8: error: the phrase '¡¡!!' has no letter or digit to match",
        ])
        #expect(parsed.rules.count == 2)
        #expect(parsed.rules[0].text == "kept" && parsed.rules[0].matcher == .startsWith)
        #expect(parsed.rules[0].options.maxWords == 4 && parsed.rules[0].id == "è_1")
        #expect(parsed.rules[0].textColumn == 39)
        #expect(parsed.rules[1].text == "a=>b" && parsed.rules[1].replacement == "c")
    }

    @Test func cleaningLoadsTheEmbeddedRulesWithoutTheirExamplesButOtherwiseAlike() {
        let full = RuleLoader.loadDefault()
        let bare = RuleLoader.loadDefault(readsExamples: false)
        #expect(full.diagnostics.isEmpty && bare.diagnostics.isEmpty)
        #expect(full.rules.contains { !$0.examples.isEmpty })
        #expect(bare.rules.allSatisfy { $0.examples.isEmpty })
        #expect(bare.rules.map(\.id) == full.rules.map(\.id))
        #expect(bare.rules.map(\.text) == full.rules.map(\.text))
        #expect(bare.rules.map(\.replacement) == full.rules.map(\.replacement))
        #expect(bare.rules.map(\.options.maxWords) == full.rules.map(\.options.maxWords))
        #expect(bare.rules.map(\.options.sites) == full.rules.map(\.options.sites))
    }

    @Test func crLineEndsAndIndentedCommentsParseAsWithLineFeeds() {
        let parsed = parse("drop = a\r\n  # note\r\n  + a\r\n\r\ndrop[max-words=2] ^ b c\r\n")
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.rules.map(\.text) == ["a", "b c"])
        #expect(parsed.rules.map(\.line) == [1, 5])
        #expect(parsed.rules[0].examples.map(\.text) == ["a"])
    }

    @Test func anExampleNeedsARule() {
        #expect(parse("  + lonely\n").diagnostics.first?.description == "t.rules:1:3: error: an example must follow a rule")
    }

    @Test func regexErrorsPointIntoThePattern() {
        var parser = RuleParser(file: "t.rules")
        let parsed = parser.parse("drop ~ ab(c\n")
        #expect(throws: RuleLoadError.self) { try RuleSet(rules: parsed.rules) }
        do {
            _ = try RuleSet(rules: parsed.rules)
        } catch let error as RuleLoadError {
            #expect(error.diagnostics.first?.line == 1)
            #expect(error.diagnostics.first!.column >= 8)
            #expect(error.description.hasPrefix("t.rules:1:"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func siteDirectiveScopesTheRulesThatFollow() {
        let parsed = parse("@site example.com, Example.org\ndrop = a\n@site *\ndrop = b\ndrop[site=x.net|y.net] = c\n")
        #expect(parsed.rules.map(\.options.sites) == [["example.com", "example.org"], [], ["x.net", "y.net"]])
    }
}
