/// Finds top-level fields in one JSON object (a JSONL record) without parsing the rest: just
/// enough to walk the object's keys and skip over its values.
///
///     {"id": 7, "meta": {"text": "nested"}, "text": "Hello\u00a0world"}
///                                                   ╰──── text ────╯  found: the nested one is not top-level
///
/// The scan checks the object's shape (keys, colons, commas, brackets, strings, one object per
/// line) but not the spelling of numbers and literals. When a key appears twice, the last one
/// counts, as in most JSON readers.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a line is not a record sluice can clean.
public enum RecordProblem: Error, Equatable, CustomStringConvertible {
    case notAnObject
    case malformed(offset: Int, expected: String)
    case missingField(String)
    case fieldNotString(String)
    case badEscape(field: String, offset: Int)
    case invalidUTF8(field: String)

    public var description: String {
        switch self {
        case .notAnObject: return "not a JSON object"
        case let .malformed(offset, expected): return "malformed JSON at column \(offset + 1): expected \(expected)"
        case let .missingField(name): return "no \"\(name)\" field"
        case let .fieldNotString(name): return "the \"\(name)\" field is not a string"
        case let .badEscape(name, offset): return "invalid escape in the \"\(name)\" field at column \(offset + 1)"
        case let .invalidUTF8(name): return "invalid UTF-8 in the \"\(name)\" field"
        }
    }
}

/// A top-level value found by `JSONObjectScanner`.
public enum JSONFieldValue: Equatable {
    /// A string; the range is its contents, between the quotes, still escaped.
    case string(Range<Int>)
    /// A number, literal, object or array.
    case other
}

/// Scans one JSON object for up to two top-level keys.
public struct JSONObjectScanner {
    /// The keys looked for, as UTF-8.
    public let keys: [[UInt8]]
    private let scratch = ByteBuffer()

    public init(keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
    }

    /// The result of a scan: the value of each key (nil when absent), and where the object's
    /// closing brace is.
    public struct Fields {
        public var values: [JSONFieldValue?]
        public var closingBrace: Int
    }

    /// Scans `p[0..<count]`, one line without its line break.
    public func scan(_ p: UnsafePointer<UInt8>, count: Int) throws(RecordProblem) -> Fields {
        var i = skipSpace(p, 0, count)
        guard i < count, p[i] == 0x7B else { throw .notAnObject }
        var values = [JSONFieldValue?](repeating: nil, count: keys.count)
        i = skipSpace(p, i + 1, count)
        if i < count && p[i] == 0x7D {
            return try finish(p, closingBrace: i, count: count, values: values)
        }
        while true {
            guard i < count, p[i] == 0x22 else { throw .malformed(offset: i, expected: "a key in quotes") }
            let keyStart = i + 1
            let keyEnd = try stringEnd(p, from: keyStart, count: count)
            let matched = keyIndex(p + keyStart, count: keyEnd - keyStart)
            i = skipSpace(p, keyEnd + 1, count)
            guard i < count, p[i] == 0x3A else { throw .malformed(offset: i, expected: "':'") }
            i = skipSpace(p, i + 1, count)
            guard i < count else { throw .malformed(offset: i, expected: "a value") }
            let valueStart = i
            i = try valueEnd(p, from: i, count: count)
            if let k = matched {
                values[k] = p[valueStart] == 0x22 ? .string(valueStart + 1 ..< i - 1) : .other
            }
            i = skipSpace(p, i, count)
            guard i < count else { throw .malformed(offset: i, expected: "',' or '}'") }
            if p[i] == 0x2C { i = skipSpace(p, i + 1, count); continue }
            guard p[i] == 0x7D else { throw .malformed(offset: i, expected: "',' or '}'") }
            return try finish(p, closingBrace: i, count: count, values: values)
        }
    }

    private func finish(_ p: UnsafePointer<UInt8>, closingBrace: Int, count: Int,
                        values: [JSONFieldValue?]) throws(RecordProblem) -> Fields {
        let rest = skipSpace(p, closingBrace + 1, count)
        guard rest == count else { throw .malformed(offset: rest, expected: "the end of the line after the object") }
        return Fields(values: values, closingBrace: closingBrace)
    }

    /// Which wanted key the escaped key `p[0..<count]` is, if any.
    private func keyIndex(_ p: UnsafePointer<UInt8>, count: Int) -> Int? {
        var key = UnsafeRawBufferPointer(start: p, count: count)
        if memchrIndex(p, 0x5C, count) != nil {
            scratch.removeAll()
            do { try JSONString.unescape(p, count: count, into: scratch) } catch { return nil }
            key = scratch.bytes
        }
        return keys.firstIndex { $0.elementsEqual(key) }
    }

    private func skipSpace(_ p: UnsafePointer<UInt8>, _ from: Int, _ count: Int) -> Int {
        var i = from
        while i < count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0D || p[i] == 0x0A { i += 1 }
        return i
    }

    /// The index of the quote that closes the string whose contents start at `from`.
    private func stringEnd(_ p: UnsafePointer<UInt8>, from: Int, count: Int) throws(RecordProblem) -> Int {
        var i = from
        while true {
            guard let q = memchrIndex(p + i, 0x22, count - i) else {
                throw .malformed(offset: count, expected: "the end of a string")
            }
            var slashes = 0
            while i + q - slashes - 1 >= from && p[i + q - slashes - 1] == 0x5C { slashes += 1 }
            if slashes % 2 == 0 { return i + q }
            i += q + 1
        }
    }

    /// The index just after the value starting at `from`.
    private func valueEnd(_ p: UnsafePointer<UInt8>, from: Int, count: Int) throws(RecordProblem) -> Int {
        switch p[from] {
        case 0x22:
            return try stringEnd(p, from: from + 1, count: count) + 1
        case 0x7B, 0x5B:
            var depth = 0
            var i = from
            while i < count {
                switch p[i] {
                case 0x22: i = try stringEnd(p, from: i + 1, count: count)
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            throw .malformed(offset: count, expected: "the end of a nested object or array")
        default:
            var i = from
            while i < count {
                let b = p[i]
                if b == 0x2C || b == 0x7D || b == 0x5D || b == 0x20 || b == 0x09 || b == 0x0D || b == 0x7B
                    || b == 0x5B || b == 0x22 || b == 0x3A { break }
                i += 1
            }
            guard i > from else { throw .malformed(offset: from, expected: "a value") }
            return i
        }
    }
}
