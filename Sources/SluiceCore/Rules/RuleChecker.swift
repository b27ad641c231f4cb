/// Runs the examples rules carry (`+ TEXT`, `- TEXT`, `+ TEXT => RESULT`): what `sluice check`
/// does after parsing and compiling, and what the tests do for the default rules.
///
/// Each example is cleaned as input would be (normalization and hygiene), then matched as a
/// one-line document, so position guards hold and site scopes are set aside.
///
///     let failures = RuleChecker(set: set).failures()
///     // [rules/comments.rules:14:5: error: example should not match 'notify-of': Notify of changes…]
public struct RuleChecker {
    public let set: RuleSet
    private let options: CleanOptions

    public init(set: RuleSet, options: CleanOptions = CleanOptions()) {
        self.set = set
        self.options = options
    }

    /// The number of examples across all rules.
    public var exampleCount: Int { self.set.rules.reduce(0) { $0 + $1.examples.count } }

    /// One diagnostic per failing example, at the example's line.
    public func failures() -> [RuleDiagnostic] {
        let matcher = RuleMatcher(set)
        matcher.allowAllSites()
        let cleaner = LineCleaner(options: options)
        let cleaned = ByteBuffer(), edited = ByteBuffer(), removed = ByteBuffer()
        let edit = LineEdit()
        var failures: [RuleDiagnostic] = []
        for (r, rule) in set.rules.enumerated() {
            for example in rule.examples {
                cleaned.removeAll()
                var text = example.text
                text.withUTF8 { bytes in
                    let piece = LinePiece(bytes: UnsafeRawBufferPointer(bytes), offset: 0, isLineStart: true,
                                          isLineEnd: true, terminator: .none)
                    try? cleaner.clean(piece, into: cleaned)
                }
                let acts: Bool
                var result: String?
                if rule.action.editsInLine {
                    removed.removeAll()
                    acts = matcher.match(cleaned.bytes).contains(r)
                        && edit.apply(rule: r, of: matcher, to: cleaned.bytes, into: edited, removed: removed)
                    if acts { result = String(decoding: edited.bytes, as: UTF8.self) }
                } else {
                    acts = matcher.match(cleaned.bytes).contains(r)
                }
                func fail(_ message: String) {
                    failures.append(RuleDiagnostic(file: rule.file, line: example.line, column: 3, message: message))
                }
                if example.shouldAct && !acts {
                    fail("example should match rule '\(rule.id)' but does not: \(example.text)")
                } else if !example.shouldAct && acts {
                    fail("example should not match rule '\(rule.id)' but does: \(example.text)")
                } else if let expected = example.result, let result, expected != result {
                    fail("rule '\(rule.id)' turns the example into '\(result)', not '\(expected)'")
                }
            }
        }
        return failures
    }
}
