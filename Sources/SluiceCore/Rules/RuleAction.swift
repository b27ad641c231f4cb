/// What a rule does to the lines it matches. The catalogue below is the reference that
/// `sluice check --actions` prints and `docs/RULES.md` mirrors.
public enum RuleAction: String, CaseIterable, Sendable, BitwiseCopyable {
    /// `drop = Share this:` removes the line.
    case drop
    /// `strip[sentence] * Take a second to support` removes the matched text (or its sentence)
    /// from inside the line; a line left with no word is dropped.
    case strip
    /// `replace ~ \s*\(opens in new window\) => ` replaces the matched text.
    case replace
    /// `cut-after = Leave a Reply` removes the marker line and everything after it.
    case cutAfter = "cut-after"
    /// `cut-before = Skip to content` removes everything before the marker, and the marker;
    /// only near the top of the document (`first=25%` unless `first` is given).
    case cutBefore = "cut-before"
    /// `drop-block[lines=4] = Related posts` removes the marker line and the lines after it up
    /// to the next blank line, or `lines=N` lines in all.
    case dropBlock = "drop-block"
    /// `keep * cookies are small text files` protects the line from every removal but cuts.
    case keep

    /// One line saying what the action does, with an example rule.
    public var summary: String {
        switch self {
        case .drop: return "removes the line                         drop = Share this:"
        case .strip: return "removes the matched text from the line   strip[sentence] * Take a second to support"
        case .replace: return "replaces the matched text                replace ~ \\s*\\(opens in new window\\) => "
        case .cutAfter: return "removes the marker and all after it      cut-after = Leave a Reply"
        case .cutBefore: return "removes all before the marker, near top  cut-before = Skip to content"
        case .dropBlock: return "removes the marker's block of lines      drop-block[lines=4] = Related posts"
        case .keep: return "protects the line from removal           keep * cookies are small text files"
        }
    }

    /// Edits text inside a line rather than removing lines.
    var editsInLine: Bool { self == .strip || self == .replace }
}
