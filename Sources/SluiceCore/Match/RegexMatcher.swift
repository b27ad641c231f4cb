import CICUShim

/// An ICU regular expression over UTF-8 lines, with ICU's time limit set so that a
/// catastrophic pattern fails on one line instead of hanging the run.
///
///     let regex = try RegexMatcher(pattern: #"^\d+ comments?$"#, caseSensitive: false)
///     regex.firstMatch(in: line) // .match(0..<11) for "12 Comments"
///
/// An ICU matcher is not thread-safe: each worker uses its own copy (`copy()`).
public final class RegexMatcher: @unchecked Sendable {
    /// ICU's match time limit, in its steps (each a few milliseconds of matching at most).
    public static let timeLimit: Int32 = 20

    /// The result of a search.
    public enum Result: Equatable {
        case noMatch
        case match(Range<Int>)
        /// The time limit was reached (or ICU failed): the rule is skipped on this line.
        case timedOut
    }

    /// A pattern ICU refused, with the 1-based line and column of the error in the pattern.
    public struct CompileError: Error {
        public var message: String
        public var line: Int
        public var column: Int
    }

    private let handle: OpaquePointer

    public init(pattern: String, caseSensitive: Bool) throws {
        var pattern = pattern
        var lineNumber: Int32 = 0, column: Int32 = 0
        var message = [CChar](repeating: 0, count: 256)
        let handle = pattern.withUTF8 { p in
            sluice_regex_compile(p.baseAddress, Int32(p.count), caseSensitive ? 0 : 1, Self.timeLimit,
                                 &message, message.count, &lineNumber, &column)
        }
        guard let handle else {
            let text = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw CompileError(message: text, line: Int(lineNumber), column: Int(column))
        }
        self.handle = handle
    }

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { sluice_regex_free(handle) }

    /// An independent copy for another thread.
    public func copy() -> RegexMatcher {
        guard let clone = sluice_regex_clone(handle) else { fatalError("ICU could not clone a compiled regex") }
        return RegexMatcher(handle: clone)
    }

    /// The first match in `text` at or after byte `from`.
    public func firstMatch(in text: UnsafeRawBufferPointer, from: Int = 0) -> Result {
        var start: Int32 = 0, end: Int32 = 0
        let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let status = withUnsafePointer(to: 0 as UInt8) { empty in
            sluice_regex_find(handle, base ?? empty, Int32(text.count), Int32(from), &start, &end)
        }
        switch status {
        case 1: return .match(Int(start)..<Int(end))
        case 0: return .noMatch
        default: return .timedOut
        }
    }
}
