/// Writes learned repeated lines as a rule file a person can review, and compiles them for
/// `--learn-repeats`.
///
///     # Learned by sluice learn from 80 documents …
///
///     @site example.com
///     # in 57 of 80 documents
///     drop[max-words=3, name=learned.example.com.1] = Leave a Reply
///       + Leave a Reply
///
/// Each line becomes an exact-key drop rule (`=`, so `LEAVE A REPLY:` is dropped too) guarded by
/// its own word count, with itself as the example `sluice check` runs. Documents without a site
/// come first, unscoped; each site's rules follow under `@site`, sites by name, lines most
/// frequent first.
public enum LearnedRules {
    /// The rule file: `header` lines as `#` comments, then the rules of `sites`.
    public static func text(_ sites: [LearnedSite], header: [String]) -> String {
        var out = header.map { "# " + $0 + "\n" }.joined()
        for site in sites where !site.lines.isEmpty {
            out += "\n"
            if let name = site.site { out += "@site \(name)\n\n" }
            for (n, line) in site.lines.enumerated() {
                out += "# in \(line.documents) of \(site.documents) documents\n"
                out += "drop[max-words=\(line.words), name=\(ruleName(site: site.site, number: n + 1))] = \(line.text)\n"
                out += "  + \(line.text)\n"
            }
        }
        return out
    }

    /// The rules of `sites`, compiled from their text (named `learned.SITE.N`, file `learned`).
    public static func rules(_ sites: [LearnedSite]) -> [Rule] {
        var parser = RuleParser(file: "learned")
        return parser.parse(text(sites, header: [])).rules
    }

    /// `learned.SITE.N` (`learned.N` without a site); characters a rule name cannot hold become `-`.
    static func ruleName(site: String?, number: Int) -> String {
        guard let site else { return "learned.\(number)" }
        let safe = String(site.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_") ? $0 : "-" })
        return "learned.\(safe).\(number)"
    }
}
