/// One removal, as `--explain` reports it: which document and line, which rule or signal,
/// which action, and the text removed.
///
///     page.txt:41: leave-reply drop: Leave a Reply
public struct Removal {
    public var document: String
    /// The 1-based input line.
    public var line: Int
    /// The rule's id (`comments.rules:12`, or its name), or the heuristic signal.
    public var rule: String
    public var action: String
    /// The bytes removed: the whole line, or the stripped part.
    public var text: UnsafeRawBufferPointer
    /// For heuristics: the score that decided.
    public var score: Double?
}

/// Receives every removal, for auditing what was dropped and why (`--explain`).
public protocol RemovalLog: AnyObject {
    func record(_ removal: Removal) throws
}

/// Warnings met while cleaning, such as a regex that hit its time limit on a line.
public protocol WarningLog: AnyObject {
    func warn(_ message: String)
}
