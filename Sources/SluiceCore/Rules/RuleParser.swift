/// Parses the text of one rule file into rules, directives and diagnostics.
///
/// The syntax is specified in `docs/RULES.md`. A line is a comment (`# …`), a directive
/// (`@include other.rules`), a rule (`drop[max-words=6] = Notify of`) or an example of the rule
/// above it (`  + Notify of`). Parsing never stops at the first problem: every diagnostic
/// carries its line and column.
///
///     var parser = RuleParser(file: "my.rules")
///     let parsed = parser.parse("drop = Leave a Reply\n  + LEAVE A REPLY:\n")
///     parsed.rules[0].examples.count // 1
public struct RuleParser {
    /// What a file holds once parsed.
    public struct Parsed {
        public var title: String?
        public var rules: [Rule] = []
        /// `@include` paths in order, with their line (resolved by `RuleLoader`).
        public var includes: [(path: String, line: Int, afterRule: Int)] = []
        public var diagnostics: [RuleDiagnostic] = []
    }

    public let file: String
    /// Whether examples are read (`sluice check`, the tests) or passed over (cleaning with the
    /// embedded rules, whose examples the tests check).
    public let readsExamples: Bool
    private var sites: [String] = []

    public init(file: String, readsExamples: Bool = true) {
        self.file = file
        self.readsExamples = readsExamples
    }

    public mutating func parse(_ text: String) -> Parsed {
        var parsed = Parsed()
        var lineNumber = 0
        var lastRuleFailed = false  // examples of a rule that did not parse are skipped
        var text = text
        text.withUTF8 { bytes in
            // Lines are split on the UTF-8 bytes (splitting on `Character`s walks grapheme
            // clusters and costs more than the rest of parsing together); comments, blank lines
            // and skipped examples never become strings. Each other line is a string of its own,
            // so that an ASCII line takes Swift's fast path for characters even when the file
            // holds other scripts elsewhere.
            bytes.forEachLineRange { line in
                let (start, end) = (line.lowerBound, line.upperBound)
                lineNumber += 1
                var indent = 0
                while start + indent < end && (bytes[start + indent] == 0x20 || bytes[start + indent] == 0x09) { indent += 1 }
                let contentEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                if start + indent >= contentEnd || bytes[start + indent] == UInt8(ascii: "#") { return }
                if indent > 0 && (!readsExamples || lastRuleFailed) { return }
                let content = Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + indent)..<contentEnd]),
                                               as: UTF8.self))
                if indent > 0 {
                    parseExample(content, indent: indent, line: lineNumber, into: &parsed)
                } else if content.first == "@" {
                    parseDirective(content, line: lineNumber, into: &parsed)
                    lastRuleFailed = false
                } else if let rule = parseRule(content, line: lineNumber, diagnostics: &parsed.diagnostics) {
                    parsed.rules.append(rule)
                    lastRuleFailed = false
                } else {
                    lastRuleFailed = true
                }
            }
        }
        return parsed
    }

    private func error(_ line: Int, _ column: Int, _ message: String) -> RuleDiagnostic {
        RuleDiagnostic(file: file, line: line, column: column, message: message)
    }

    // MARK: Directives

    private mutating func parseDirective(_ content: Substring, line: Int, into parsed: inout Parsed) {
        let word = content.dropFirst().prefix(while: { $0 != " " && $0 != "\t" })
        let argument = content.dropFirst(1 + word.count).trimmingSpaces()
        switch word {
        case "title":
            parsed.title = String(argument)
        case "include":
            if argument.isEmpty {
                parsed.diagnostics.append(error(line, 2 + word.count, "@include needs a path"))
            } else {
                parsed.includes.append((String(argument), line, parsed.rules.count))
            }
        case "site":
            let domains = argument.split(separator: ",").map { String($0.trimmingSpaces()).lowercased() }
            if domains.isEmpty || domains.contains(where: \.isEmpty) {
                parsed.diagnostics.append(error(line, 2 + word.count, "@site needs domains separated by commas, or *"))
            } else {
                sites = domains == ["*"] ? [] : domains
            }
        default:
            parsed.diagnostics.append(error(line, 2, "unknown directive '@\(word)' (known: @title, @include, @site)"))
        }
    }

    // MARK: Rules

    private func parseRule(_ content: Substring, line: Int, diagnostics: inout [RuleDiagnostic]) -> Rule? {
        let actionWord = content.prefix(while: { $0.isLetter || $0 == "-" })
        guard let action = RuleAction(rawValue: String(actionWord)) else {
            let known = RuleAction.allCases.map(\.rawValue).joined(separator: ", ")
            let shown = actionWord.isEmpty ? String(content.prefix(1)) : String(actionWord)
            diagnostics.append(error(line, 1, "unknown action '\(shown)' (known: \(known))"))
            return nil
        }
        var rest = content.dropFirst(actionWord.count)
        var column = 1 + actionWord.count
        var options = Rule.Options()
        options.sites = sites
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else {
                diagnostics.append(error(line, column, "'[' opens options that no ']' closes"))
                return nil
            }
            let list = rest[rest.index(after: rest.startIndex)..<close]
            guard parseOptions(list, column: column + 1, line: line, action: action, into: &options,
                               diagnostics: &diagnostics) else { return nil }
            column += rest.distance(from: rest.startIndex, to: close) + 1
            rest = rest[rest.index(after: close)...]
        }
        let spaces = rest.prefix(while: { $0 == " " || $0 == "\t" })
        column += spaces.count
        rest = rest.dropFirst(spaces.count)
        guard let sigil = rest.first, let matcher = Rule.Matcher(rawValue: sigil) else {
            let found = rest.first.map { "'\($0)'" } ?? "the end of the line"
            diagnostics.append(error(line, column + (spaces.isEmpty && !rest.isEmpty ? 0 : 0),
                                     "expected a matcher (= ^ $ * ~) after '\(actionWord)', found \(found)"))
            return nil
        }
        let textColumn = column + 2
        var text = rest.dropFirst()
        if text.first == " " { text = text.dropFirst() }
        text = text.trimmingTrailingSpaces()
        var replacement: String?
        if action == .replace {
            guard let arrow = text.firstRange(of: " =>") ?? (text.hasPrefix("=>") ? text.startIndex..<text.index(text.startIndex, offsetBy: 2) : nil) else {
                diagnostics.append(error(line, textColumn, "replace needs ' => REPLACEMENT' after its match"))
                return nil
            }
            var after = text[arrow.upperBound...]
            if after.first == " " { after = after.dropFirst() }
            replacement = String(after)
            text = text[..<arrow.lowerBound].trimmingTrailingSpaces()
        }
        if text.isEmpty {
            diagnostics.append(error(line, textColumn, "the rule has no \(matcher == .regex ? "pattern" : "phrase")"))
            return nil
        }
        if matcher != .regex && !text.contains(where: { $0.isLetter || $0.isNumber }) {
            diagnostics.append(error(line, textColumn, "the phrase '\(text)' has no letter or digit to match"))
            return nil
        }
        if options.caseSensitive && matcher != .regex {
            diagnostics.append(error(line, 1 + actionWord.count, "option 'case' applies to regex rules (~) only"))
            return nil
        }
        return Rule(action: action, matcher: matcher, text: String(text), replacement: replacement,
                    options: options, file: file, line: line, textColumn: textColumn)
    }

    private func parseOptions(_ list: Substring, column: Int, line: Int, action: RuleAction,
                              into options: inout Rule.Options, diagnostics: inout [RuleDiagnostic]) -> Bool {
        var offset = column
        for bytes in list.utf8.split(separator: 0x2C, omittingEmptySubsequences: false) {
            let item = Substring(String(decoding: bytes, as: UTF8.self))
            let itemColumn = offset + item.prefix(while: { $0 == " " }).count
            offset += item.count + 1
            let trimmed = item.trimmingSpaces()
            let key = trimmed.prefix(while: { $0 != "=" }).trimmingSpaces()
            let value = trimmed.dropFirst(key.count).drop(while: { $0 == "=" || $0 == " " })
            let hasValue = trimmed.contains("=")
            func bad(_ message: String) -> Bool {
                diagnostics.append(error(line, itemColumn, message))
                return false
            }
            func count() -> Int? { Int(value).flatMap { $0 >= 0 ? $0 : nil } }
            func position() -> Rule.Position? {
                if value.hasSuffix("%"), let p = Double(value.dropLast()), p > 0, p <= 100 { return .percent(p) }
                if let n = Int(value), n > 0 { return .lines(n) }
                return nil
            }
            switch key {
            case "name":
                guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                    return bad("name needs letters, digits, '-', '_' or '.', as in name=leave-reply")
                }
                options.name = String(value)
            case "max-words":
                guard let n = count() else { return bad("max-words needs a whole number, as in max-words=8") }
                options.maxWords = n
            case "min-words":
                guard let n = count() else { return bad("min-words needs a whole number, as in min-words=3") }
                options.minWords = n
            case "first":
                guard let p = position() else { return bad("first needs a line count or a percentage, as in first=10 or first=20%") }
                options.first = p
            case "last":
                guard let p = position() else { return bad("last needs a line count or a percentage, as in last=10 or last=30%") }
                options.last = p
            case "lines":
                guard action == .dropBlock else { return bad("option 'lines' applies to drop-block only") }
                guard let n = count(), n > 0 else { return bad("lines needs a whole number above 0, as in lines=4") }
                options.blockLines = n
            case "sentence":
                guard !hasValue else { return bad("option 'sentence' takes no value") }
                guard action == .strip else { return bad("option 'sentence' applies to strip only") }
                options.sentence = true
            case "case":
                guard !hasValue else { return bad("option 'case' takes no value") }
                options.caseSensitive = true
            case "site":
                let domains = value.split(separator: "|").map { String($0.trimmingSpaces()).lowercased() }
                guard !domains.isEmpty, !domains.contains(where: \.isEmpty) else {
                    return bad("site needs domains separated by '|', as in site=example.com|example.org")
                }
                options.sites = domains
            default:
                return bad("unknown option '\(key)' (known: name, max-words, min-words, first, last, lines, sentence, case, site)")
            }
        }
        return true
    }

    // MARK: Examples

    private func parseExample(_ content: Substring, indent: Int, line: Int, into parsed: inout Parsed) {
        guard let sign = content.first, sign == "+" || sign == "-" else {
            parsed.diagnostics.append(error(line, indent + 1, "an indented line must be an example: '+ TEXT' or '- TEXT'"))
            return
        }
        guard !parsed.rules.isEmpty else {
            parsed.diagnostics.append(error(line, indent + 1, "an example must follow a rule"))
            return
        }
        var text = content.dropFirst()
        if text.first == " " { text = text.dropFirst() }
        var result: String?
        let rule = parsed.rules[parsed.rules.count - 1]
        if rule.action.editsInLine, sign == "+", let arrow = text.firstRange(of: " => ") {
            result = String(text[arrow.upperBound...].trimmingTrailingSpaces())
            text = text[..<arrow.lowerBound]
        } else if rule.action.editsInLine, sign == "+", text.hasSuffix(" =>") {
            result = ""
            text = text.dropLast(3)
        }
        parsed.rules[parsed.rules.count - 1].examples.append(
            Rule.Example(line: line, text: String(text.trimmingTrailingSpaces()), shouldAct: sign == "+", result: result))
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        drop(while: { $0 == " " || $0 == "\t" }).trimmingTrailingSpaces()
    }

    func trimmingTrailingSpaces() -> Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return s
    }
}
