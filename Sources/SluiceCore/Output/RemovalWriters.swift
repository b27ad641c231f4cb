/// `--explain`: one line per removal on stderr, for a person.
///
///     explain: page.txt:41: leave-a-reply cut-after: Leave a Reply
public final class TextRemovalWriter: RemovalLog {
    private let sink: ByteSink
    private let line = ByteBuffer(capacity: 1024)

    public init(sink: ByteSink) { self.sink = sink }

    public func record(_ removal: Removal) throws {
        line.removeAll()
        line.append(contentsOf: "explain: \(removal.document):\(removal.line): \(removal.rule) \(removal.action)".utf8)
        if let score = removal.score { line.append(contentsOf: " (score \(Removal.format(score)))".utf8) }
        line.append(contentsOf: ": ".utf8)
        line.append(removal.text)
        line.append(0x0A)
        try sink.write(line.bytes)
    }
}

/// `--explain-file F`: one JSON object per removal, for a program.
///
///     {"document":"page.txt","line":41,"rule":"leave-a-reply","action":"cut-after","text":"Leave a Reply"}
public final class JSONRemovalWriter: RemovalLog {
    private let sink: ByteSink
    private let line = ByteBuffer(capacity: 1024)

    public init(sink: ByteSink) { self.sink = sink }

    public func record(_ removal: Removal) throws {
        line.removeAll()
        line.append(contentsOf: "{\"document\":".utf8)
        JSONString.append(removal.document, to: line)
        line.append(contentsOf: ",\"line\":\(removal.line),\"rule\":".utf8)
        JSONString.append(removal.rule, to: line)
        line.append(contentsOf: ",\"action\":".utf8)
        JSONString.append(removal.action, to: line)
        if let score = removal.score { line.append(contentsOf: ",\"score\":\(Removal.format(score))".utf8) }
        line.append(contentsOf: ",\"text\":".utf8)
        JSONString.append(removal.text, to: line)
        line.append(contentsOf: "}\n".utf8)
        try sink.write(line.bytes)
    }
}

extension Removal {
    /// A score in 0...1 with three decimals: `0.004`.
    static func format(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
