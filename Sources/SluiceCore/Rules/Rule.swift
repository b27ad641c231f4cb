/// One rule of a rule file: what it matches, what it does, its guards and its examples.
///
///     drop[max-words=6, name=notify-of] = Notify of
///       + Notify of
///       - Notify of any changes in writing, the contract says.
///
/// parses to `Rule(action: .drop, matcher: .equals, text: "Notify of",
/// options: [maxWords: 6, name: "notify-of"], examples: [+…, -…])`.
public struct Rule: Sendable {
    /// How the rule's text is matched against a line.
    public enum Matcher: Character, Sendable, CaseIterable, BitwiseCopyable {
        /// The line's folded key equals the phrase's.
        case equals = "="
        /// The line's key starts with the phrase's, at a word boundary.
        case startsWith = "^"
        /// The line's key ends with the phrase's, at a word boundary.
        case endsWith = "$"
        /// The line's key contains the phrase's, at word boundaries.
        case contains = "*"
        /// An ICU regular expression finds a match in the line's text.
        case regex = "~"
    }

    /// A position limit: a count of lines, or a share of the document's lines.
    public enum Position: Sendable, Equatable, BitwiseCopyable {
        case lines(Int)
        case percent(Double)

        /// The number of lines this limit covers in a document of `count` lines.
        func lineCount(in count: Int) -> Int {
            switch self {
            case .lines(let n): return n
            case .percent(let p): return Int((Double(count) * p / 100).rounded(.up))
            }
        }
    }

    /// The options in brackets after the action.
    public struct Options: Sendable {
        public var name: String?
        public var maxWords: Int?
        public var minWords: Int?
        public var first: Position?
        public var last: Position?
        public var blockLines: Int?
        public var sentence = false
        public var caseSensitive = false
        /// The domains the rule is limited to (from `site=` or `@site`); empty: every site.
        public var sites: [String] = []
        public init() {}
    }

    /// A line the rule must act on (`+`), or must not (`-`); for `strip` and `replace`, what
    /// acting gives (`+ TEXT => RESULT`).
    public struct Example: Sendable {
        public var line: Int
        public var text: String
        public var shouldAct: Bool
        public var result: String?
    }

    public var action: RuleAction
    public var matcher: Matcher
    /// The phrase or the regular expression.
    public var text: String
    /// For `replace`: what the match becomes.
    public var replacement: String?
    public var options: Options
    public var examples: [Example] = []
    /// The file the rule comes from, as named in messages (`default.rules`, `my.rules`).
    public var file: String
    /// The 1-based line of the rule in its file.
    public var line: Int
    /// The 1-based column where the phrase or pattern starts, for error messages.
    public var textColumn: Int
    /// The rule comes from the rule files embedded in the binary.
    public var isEmbedded = false

    /// The stable id used by `--explain` and `--stats`: the rule's name, or `FILE:LINE`.
    public var id: String { options.name ?? "\(file):\(line)" }
}
