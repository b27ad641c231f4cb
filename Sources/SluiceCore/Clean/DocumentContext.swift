/// What sluice knows about a document besides its text: where it came from.
///
/// The site scopes the rules marked for a domain: `--site example.com` for a whole run, or a
/// record's `url` field in JSONL.
public struct DocumentContext: Sendable {
    /// The document's name in messages and `--explain`: a path, `standard input`, `file:line`.
    public var name: String
    /// The document's site or URL (`https://www.example.com/a/b`, `example.com`), if known.
    public var site: String?

    public init(name: String = "standard input", site: String? = nil) {
        self.name = name
        self.site = site
    }
}

/// What cleaning removed from one document, for `--annotate` and `--stats`.
public struct DocumentReport: Sendable {
    /// The number of lines (or stripped pieces) each rule or signal removed, by its id.
    public var removals: [String: Int] = [:]

    public init() {}
}
