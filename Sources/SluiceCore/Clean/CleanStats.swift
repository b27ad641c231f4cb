/// What a run did, for `--stats`: sizes in and out, repairs, normalization, time.
public struct CleanStats: Sendable {
    public var bytesIn: Int64 = 0
    public var bytesOut: Int64 = 0
    public var linesIn: Int64 = 0
    public var linesOut: Int64 = 0
    /// Maximal invalid UTF-8 subparts replaced or dropped.
    public var invalidSequences: Int64 = 0
    /// Lines whose bytes normalization changed.
    public var linesNormalized: Int64 = 0
    /// Lines longer than `--max-line-bytes`, passed on in pieces.
    public var overlongLines: Int64 = 0
    /// Lines (or stripped pieces) removed, by rule id.
    public var removals: [String: Int] = [:]

    public init() {}

    public static func += (lhs: inout CleanStats, rhs: CleanStats) {
        lhs.bytesIn += rhs.bytesIn
        lhs.bytesOut += rhs.bytesOut
        lhs.linesIn += rhs.linesIn
        lhs.linesOut += rhs.linesOut
        lhs.invalidSequences += rhs.invalidSequences
        lhs.linesNormalized += rhs.linesNormalized
        lhs.overlongLines += rhs.overlongLines
        for (rule, count) in rhs.removals { lhs.removals[rule, default: 0] += count }
    }

    /// The report printed by `--stats`, given the wall time in seconds.
    public func report(seconds: Double) -> String {
        let mb = Double(bytesIn) / 1_000_000
        let rate = seconds > 0 ? mb / seconds : 0
        return """
            sluice: bytes in \(bytesIn), out \(bytesOut)
            sluice: lines in \(linesIn), out \(linesOut)
            sluice: invalid UTF-8 sequences \(invalidSequences)
            sluice: lines changed by normalization \(linesNormalized)
            sluice: overlong lines passed in pieces \(overlongLines)
            sluice: time \(format3(seconds)) s, \(format3(rate)) MB/s
            """ + removalReport
    }

    /// One line per rule that removed something, most first.
    private var removalReport: String {
        removals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\nsluice: removed by \($0.key): \($0.value)" }.joined()
    }

    private func format3(_ x: Double) -> String {
        let scaled = (x * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
