/// Cleans one line (or one piece of an overlong line) of raw input bytes: UTF-8 repair, then
/// the hygiene steps, then normalization.
///
/// Hygiene runs before normalization because removing an invisible character can bring a base
/// letter and a combining mark together, which normalization must then compose; under a
/// compatibility form, whose mappings can produce spaces (`¨` → space + U+0308), the space steps
/// run once more on changed lines. Either way the output is a fixed point: cleaning it again
/// changes nothing.
///
///     "Cafe\u{0301}\u{00A0}\u{00A0}au\u{200B}lait "  →  "Café au lait"
public final class LineCleaner {
    public let options: CleanOptions
    public let normalizer: Normalizer
    private let repaired = ByteBuffer(capacity: 4096)
    private let hygienic = ByteBuffer(capacity: 4096)
    private var hygieneState = Hygiene.LineState()

    /// Counts of what cleaning did, for `--stats`.
    public struct Counts: Sendable {
        /// Maximal invalid UTF-8 subparts replaced or dropped.
        public var invalidSequences = 0
        /// Lines whose bytes normalization changed.
        public var linesNormalized = 0
    }
    public private(set) var counts = Counts()

    public init(options: CleanOptions) {
        self.options = options
        self.normalizer = Normalizer(form: options.form)
    }

    /// Appends the cleaned form of `piece` to `out`.
    /// - Throws: `InvalidUTF8Error` under `--invalid fail`.
    public func clean(_ piece: LinePiece, into out: ByteBuffer) throws {
        if piece.isLineStart { hygieneState = Hygiene.LineState() }
        guard let start = piece.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var source = start
        var count = piece.bytes.count

        let scan = UTF8Repair.scan(source, count: count)
        if let bad = scan.firstInvalid {
            if options.invalid == .fail { throw InvalidUTF8Error(offset: piece.offset + Int64(bad)) }
            repaired.removeAll()
            counts.invalidSequences += UTF8Repair.repair(source, count: count, policy: options.invalid, into: repaired)
            source = UnsafePointer(repaired.base)
            count = repaired.count
        }

        let needsNormalizer = options.form != .none && (!scan.isASCII || options.form == .nfkcCasefold)
        if options.hygiene {
            if !needsNormalizer {
                Hygiene.apply(source, count: count, into: out, state: &hygieneState)
                return
            }
            hygienic.removeAll()
            let stateBefore = hygieneState
            Hygiene.apply(source, count: count, into: hygienic, state: &hygieneState)
            let mark = out.count
            if normalize(UnsafePointer(hygienic.base), hygienic.count, into: out) && options.form.isCompatibility {
                // The compatibility mapping may have made spaces: lay them out again.
                hygienic.removeAll()
                hygienic.append(out.base + mark, count: out.count - mark)
                out.count = mark
                var state = Hygiene.LineState()
                state.wroteAny = stateBefore.wroteAny
                Hygiene.apply(UnsafePointer(hygienic.base), count: hygienic.count, into: out, state: &state)
                hygieneState.wroteAny = state.wroteAny
                hygieneState.pendingSpace = hygieneState.pendingSpace || state.pendingSpace
            }
        } else if needsNormalizer {
            normalize(source, count, into: out)
        } else {
            out.append(source, count: count)
        }
    }

    @discardableResult
    private func normalize(_ p: UnsafePointer<UInt8>, _ count: Int, into out: ByteBuffer) -> Bool {
        let changed = normalizer.normalize(p, count: count, into: out)
        if changed { counts.linesNormalized += 1 }
        return changed
    }
}
