/// A problem in a rule file, at a line and column: printed as `FILE:LINE:COL: error: MESSAGE`,
/// the form editors and compilers use, so that a click takes you there.
public struct RuleDiagnostic: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Severity: String, Sendable { case error, warning }
    public var file: String
    public var line: Int
    /// 1-based column, counted in characters.
    public var column: Int
    public var severity: Severity = .error
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// Rule files that failed to load: every diagnostic found, not only the first.
public struct RuleLoadError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [RuleDiagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
