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
            // clusters and costs more than the rest of parsing together), and rules are read on
            // their bytes: only their texts, names and values become strings. Comments, blank
            // lines and skipped examples never do; directives and examples are strings of their
            // own, so that an ASCII line takes Swift's fast path for characters even when the
            // file holds other scripts elsewhere.
            bytes.forEachLineRange { line in
                let (start, end) = (line.lowerBound, line.upperBound)
                lineNumber += 1
                var indent = 0
                while start + indent < end && (bytes[start + indent] == 0x20 || bytes[start + indent] == 0x09) { indent += 1 }
                let contentEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                if start + indent >= contentEnd || bytes[start + indent] == UInt8(ascii: "#") { return }
                if indent > 0 && (!readsExamples || lastRuleFailed) { return }
                let contentBytes = UnsafeBufferPointer(rebasing: bytes[(start + indent)..<contentEnd])
                if indent > 0 || contentBytes[0] == UInt8(ascii: "@") {
                    let content = Substring(String(decoding: contentBytes, as: UTF8.self))
                    if indent > 0 {
                        parseExample(content, indent: indent, line: lineNumber, into: &parsed)
                    } else {
                        parseDirective(content, line: lineNumber, into: &parsed)
                        lastRuleFailed = false
                    }
                } else if let rule = parseRule(contentBytes, line: lineNumber, diagnostics: &parsed.diagnostics) {
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

    /// Parses a rule line, `ACTION[OPTIONS] SIGIL TEXT`, from its UTF-8 bytes. Columns count
    /// characters, as an editor shows them.
    private func parseRule(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, diagnostics: inout [RuleDiagnostic]) -> Rule? {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var wordEnd = 0
        while wordEnd < bytes.count && (Self.isASCIILetter(bytes[wordEnd]) || bytes[wordEnd] == UInt8(ascii: "-")) { wordEnd += 1 }
        let actionWord = text(0..<wordEnd)
        // A letter of another script would continue the word: read it as characters then.
        let word = wordEnd < bytes.count && bytes[wordEnd] >= 0x80
            ? String(text(0..<bytes.count).prefix(while: { $0.isLetter || $0 == "-" })) : actionWord
        guard word == actionWord, let action = RuleAction(rawValue: actionWord) else {
            let known = RuleAction.allCases.map(\.rawValue).joined(separator: ", ")
            let shown = word.isEmpty ? String(text(0..<bytes.count).prefix(1)) : word
            diagnostics.append(error(line, 1, "unknown action '\(shown)' (known: \(known))"))
            return nil
        }
        var i = wordEnd
        var column = 1 + wordEnd
        var options = Rule.Options()
        options.sites = sites
        if i < bytes.count && bytes[i] == UInt8(ascii: "[") {
            guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "]")) else {
                diagnostics.append(error(line, column, "'[' opens options that no ']' closes"))
                return nil
            }
            let list = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<close])
            guard parseOptions(list, column: column + 1, line: line, action: action, into: &options,
                               diagnostics: &diagnostics) else { return nil }
            column += Self.characterCount(list) + 2
            i = close + 1
        }
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) {
            i += 1
            column += 1
        }
        // The sigil is a character of its own, not one that a combining mark after it extends.
        let sigilStandsAlone = i + 1 >= bytes.count || bytes[i + 1] < 0x80 || text(i..<bytes.count).first?.unicodeScalars.count == 1
        guard i < bytes.count, bytes[i] < 0x80, sigilStandsAlone,
              let matcher = Rule.Matcher(rawValue: Character(Unicode.Scalar(bytes[i]))) else {
            let found = text(i..<bytes.count).first.map { "'\($0)'" } ?? "the end of the line"
            diagnostics.append(error(line, column, "expected a matcher (= ^ $ * ~) after '\(actionWord)', found \(found)"))
            return nil
        }
        let textColumn = column + 2
        var textStart = i + 1
        if textStart < bytes.count && bytes[textStart] == 0x20 { textStart += 1 }
        var textEnd = Self.trimmedEnd(bytes, from: textStart, to: bytes.count)
        var replacement: String?
        if action == .replace {
            let startsWithArrow = textEnd - textStart >= 2 && bytes[textStart] == 0x3D && bytes[textStart + 1] == 0x3E
            let arrow = Self.find([0x20, 0x3D, 0x3E], in: bytes, from: textStart, to: textEnd).map { $0..<($0 + 3) }  // " =>"
                ?? (startsWithArrow ? textStart..<(textStart + 2) : nil)
            guard let arrow else {
                diagnostics.append(error(line, textColumn, "replace needs ' => REPLACEMENT' after its match"))
                return nil
            }
            var after = arrow.upperBound
            if after < textEnd && bytes[after] == 0x20 { after += 1 }
            replacement = text(after..<textEnd)
            textEnd = Self.trimmedEnd(bytes, from: textStart, to: arrow.lowerBound)
        }
        let ruleText = text(textStart..<textEnd)
        if ruleText.isEmpty {
            diagnostics.append(error(line, textColumn, "the rule has no \(matcher == .regex ? "pattern" : "phrase")"))
            return nil
        }
        if matcher != .regex && !bytes[textStart..<textEnd].contains(where: Self.isASCIIAlphanumeric)
            && !ruleText.contains(where: { $0.isLetter || $0.isNumber }) {
            diagnostics.append(error(line, textColumn, "the phrase '\(ruleText)' has no letter or digit to match"))
            return nil
        }
        if options.caseSensitive && matcher != .regex {
            diagnostics.append(error(line, 1 + wordEnd, "option 'case' applies to regex rules (~) only"))
            return nil
        }
        return Rule(action: action, matcher: matcher, text: ruleText, replacement: replacement,
                    options: options, file: file, line: line, textColumn: textColumn)
    }

    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool { isASCIILetter(b) || (b >= 0x30 && b <= 0x39) }

    /// `end`, moved back over trailing spaces and tabs (not before `start`).
    private static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var end = end
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return end
    }

    /// Where `needle` first occurs in `bytes[start..<end]`.
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard end - start >= needle.count else { return nil }
        return (start...(end - needle.count)).first { i in needle.indices.allSatisfy { bytes[i + $0] == needle[$0] } }
    }

    /// Parses `key=value, flag, …` (the text between `[` and `]`, which starts at `column`).
    /// Items are split and trimmed on their UTF-8 bytes; only keys and values become strings.
    private func parseOptions(_ bytes: UnsafeBufferPointer<UInt8>, column: Int, line: Int, action: RuleAction,
                              into options: inout Rule.Options, diagnostics: inout [RuleDiagnostic]) -> Bool {
        var offset = column
        var itemStart = 0
        while itemStart <= bytes.count {
            var itemEnd = itemStart
            while itemEnd < bytes.count && bytes[itemEnd] != UInt8(ascii: ",") { itemEnd += 1 }
            let item = UnsafeBufferPointer(rebasing: bytes[itemStart..<itemEnd])
            itemStart = itemEnd + 1
            var leadingSpaces = 0
            while leadingSpaces < item.count && item[leadingSpaces] == 0x20 { leadingSpaces += 1 }
            let itemColumn = offset + leadingSpaces
            offset += Self.characterCount(item) + 1
            var start = 0
            while start < item.count && (item[start] == 0x20 || item[start] == 0x09) { start += 1 }
            let end = Self.trimmedEnd(item, from: start, to: item.count)
            let equals = item[start..<end].firstIndex(of: UInt8(ascii: "="))
            let key = String(decoding: item[start..<Self.trimmedEnd(item, from: start, to: equals ?? end)], as: UTF8.self)
            var valueStart = equals ?? end
            while valueStart < end && (item[valueStart] == UInt8(ascii: "=") || item[valueStart] == 0x20) { valueStart += 1 }
            let value = String(decoding: item[valueStart..<end], as: UTF8.self)
            guard apply(key: key, value: value, hasValue: equals != nil, action: action, to: &options) else {
                diagnostics.append(error(line, itemColumn, Self.optionProblem(key: key, hasValue: equals != nil, action: action)))
                return false
            }
        }
        return true
    }

    /// Sets one option; false when the key is unknown or its value does not fit (then
    /// `optionProblem` says why).
    private func apply(key: String, value: String, hasValue: Bool, action: RuleAction,
                       to options: inout Rule.Options) -> Bool {
        let count = Int(value).flatMap { $0 >= 0 ? $0 : nil }
        switch key {
        case "name":
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else { return false }
            options.name = value
        case "max-words":
            guard let count else { return false }
            options.maxWords = count
        case "min-words":
            guard let count else { return false }
            options.minWords = count
        case "first":
            guard let p = Self.position(value) else { return false }
            options.first = p
        case "last":
            guard let p = Self.position(value) else { return false }
            options.last = p
        case "lines":
            guard action == .dropBlock, let count, count > 0 else { return false }
            options.blockLines = count
        case "sentence":
            guard !hasValue, action == .strip else { return false }
            options.sentence = true
        case "case":
            guard !hasValue else { return false }
            options.caseSensitive = true
        case "site":
            let domains = value.split(separator: "|").map { String($0.trimmingSpaces()).lowercased() }
            guard !domains.isEmpty, !domains.contains(where: \.isEmpty) else { return false }
            options.sites = domains
        default:
            return false
        }
        return true
    }

    /// Why `apply` refused an option.
    private static func optionProblem(key: String, hasValue: Bool, action: RuleAction) -> String {
        switch key {
        case "name": return "name needs letters, digits, '-', '_' or '.', as in name=leave-reply"
        case "max-words": return "max-words needs a whole number, as in max-words=8"
        case "min-words": return "min-words needs a whole number, as in min-words=3"
        case "first": return "first needs a line count or a percentage, as in first=10 or first=20%"
        case "last": return "last needs a line count or a percentage, as in last=10 or last=30%"
        case "lines":
            return action == .dropBlock ? "lines needs a whole number above 0, as in lines=4" : "option 'lines' applies to drop-block only"
        case "sentence": return hasValue ? "option 'sentence' takes no value" : "option 'sentence' applies to strip only"
        case "case": return "option 'case' takes no value"
        case "site": return "site needs domains separated by '|', as in site=example.com|example.org"
        default: return "unknown option '\(key)' (known: name, max-words, min-words, first, last, lines, sentence, case, site)"
        }
    }

    /// `first=` / `last=`: a line count or a percentage.
    private static func position(_ value: String) -> Rule.Position? {
        if value.hasSuffix("%"), let p = Double(value.dropLast()), p > 0, p <= 100 { return .percent(p) }
        if let n = Int(value), n > 0 { return .lines(n) }
        return nil
    }

    /// The characters (what columns count) in `bytes` of UTF-8.
    private static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.allSatisfy { $0 < 0x80 } ? bytes.count : String(decoding: bytes, as: UTF8.self).count
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
