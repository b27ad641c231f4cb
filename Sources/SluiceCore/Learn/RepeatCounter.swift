/// Counts, for each distinct cleaned line, how many documents of a site hold it: the evidence
/// `sluice learn` and `--learn-repeats` turn into drop rules (lines repeated across a site's
/// pages are its boilerplate; CCNet drops lines seen in other documents of a shard).
///
///     let counter = RepeatCounter(thresholds: RepeatThresholds())
///     for page in pages { counter.add(page.lines, site: "example.com") }
///     counter.learned()   // [LearnedSite(site: "example.com", documents: 80, lines: [("Leave a Reply", 57), …])]
///
/// Lines are told apart by the 64-bit hash of their folded key (`FoldedKeyBuilder`), so
/// `Share this:` and `SHARE THIS` are one line; a line counts once per document. Memory is a hash
/// table entry per distinct line (its counts), plus the text of lines met in a second document
/// (the first text met then is the one written). At most `maxLines` distinct lines are tracked
/// over all sites: lines first met after that are not counted (`untrackedLines` says how many
/// times that happened), while lines already tracked go on counting.

/// What makes a line repeated enough to learn.
public struct RepeatThresholds: Sendable {
    /// A line must occur in at least this many documents of its site.
    public var minDocuments = 3
    /// …and in at least this share (0…1) of its site's documents.
    public var minShare = 0.2
    /// Lines of more words are never learned: a long line repeated across pages is more likely
    /// quoted content (a pull quote, a shared abstract) than navigation.
    public var maxWords = 12
    /// The most distinct lines tracked, over all sites.
    public var maxLines = 2_000_000

    public init() {}
}

/// The lines learned for one site (`site` nil: documents without a known site).
public struct LearnedSite: Sendable, Equatable {
    /// One learned line: its text (as cleaned), its word count and the documents holding it.
    public struct Line: Sendable, Equatable {
        public var text: String
        public var words: Int
        public var documents: Int
    }

    public var site: String?
    /// The site's documents.
    public var documents: Int
    /// The lines over the thresholds, most frequent first (then by text).
    public var lines: [Line]
}

/// Counts lines across documents, per site; serves one thread.
public final class RepeatCounter {
    public let thresholds: RepeatThresholds
    /// The documents added.
    public private(set) var documents = 0
    /// Distinct lines being counted.
    public private(set) var trackedLines = 0
    /// Occurrences of lines not counted because `maxLines` distinct lines were already tracked.
    public private(set) var untrackedLines = 0

    private struct Entry {
        var documents: Int32
        var lastDocument: Int32
        var words: Int32
        var text: [UInt8]?
    }

    private final class Site {
        var documents = 0
        var entries: [UInt64: Entry] = [:]
    }

    private var sites: [String: Site] = [:]
    private let siteless = Site()
    private let keys = FoldedKeyBuilder()

    public init(thresholds: RepeatThresholds) { self.thresholds = thresholds }

    /// Adds one document's cleaned lines; `site` is a URL or domain, or nil (see `siteName`).
    public func add(_ lines: DocumentLines, site: String?) {
        let counts: Site
        if let name = site.flatMap(Self.siteName) {
            if let known = sites[name] { counts = known } else { counts = Site(); sites[name] = counts }
        } else {
            counts = siteless
        }
        documents += 1
        counts.documents += 1
        let serial = Int32(truncatingIfNeeded: documents)
        for i in 0..<lines.count where !lines.isBlank(i) {
            let line = lines[i]
            keys.fold(line.baseAddress!.assumingMemoryBound(to: UInt8.self), count: line.count)
            guard keys.wordCount > 0, keys.wordCount <= thresholds.maxWords else { continue }
            let hash = ByteHash.of(keys.key.bytes)
            if var entry = counts.entries[hash] {
                guard entry.lastDocument != serial else { continue }
                entry.lastDocument = serial
                entry.documents += 1
                if entry.text == nil { entry.text = Array(line) }
                counts.entries[hash] = entry
            } else if trackedLines < thresholds.maxLines {
                trackedLines += 1
                counts.entries[hash] = Entry(documents: 1, lastDocument: serial, words: Int32(keys.wordCount), text: nil)
            } else {
                untrackedLines += 1
            }
        }
    }

    /// The lines over the thresholds: documents without a site first, then sites by name.
    public func learned() -> [LearnedSite] {
        var result: [LearnedSite] = []
        for (name, counts) in [(String?.none, siteless)] + sites.sorted(by: { $0.key < $1.key }).map({ ($0.key, $0.value) }) {
            guard counts.documents > 0 else { continue }
            let share = thresholds.minShare * Double(counts.documents) - 1e-9
            let lines = counts.entries.values.compactMap { entry -> LearnedSite.Line? in
                guard Int(entry.documents) >= thresholds.minDocuments, Double(entry.documents) >= share,
                      let text = entry.text else { return nil }
                return LearnedSite.Line(text: String(decoding: text, as: UTF8.self), words: Int(entry.words),
                                        documents: Int(entry.documents))
            }.sorted { $0.documents != $1.documents ? $0.documents > $1.documents : $0.text < $1.text }
            result.append(LearnedSite(site: name, documents: counts.documents, lines: lines))
        }
        return result
    }

    /// The site a document is counted under: the host of `site` without a leading `www.`
    /// (`@site example.com` also covers `www.example.com`), or nil when that could not stand in an
    /// `@site` directive (empty, `*`, or holding a space, comma or control character).
    static func siteName(_ site: String) -> String? {
        var host = Substring(SiteScope.host(of: site))
        if host.hasPrefix("www.") { host = host.dropFirst(4) }
        guard !host.isEmpty, host != "*", !host.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "," || $0.value == 0x7F })
        else { return nil }
        return String(host)
    }
}
