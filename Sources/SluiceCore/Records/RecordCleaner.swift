/// Cleans the text field of one JSONL record and splices it back: every other byte of the record
/// passes through unchanged and in order.
///
///     {"id":1,"text":"Caf\u00e9\u00a0 au  lait\r\n","url":"https://example.com/a"}
///  →  {"id":1,"text":"Café au lait","url":"https://example.com/a"}
///
/// The field's string is unescaped to UTF-8, cleaned as one document by `DocumentCleaner` (named
/// `file:line`; the record's `url` field, when present, is its `DocumentContext.site`), and
/// escaped again in the minimal form (`JSONString.append`). Under hygiene the final line break that document hygiene adds is left out: a
/// field is a value, not a file. With `annotate`, `"sluice":{"removed":{RULE:COUNT,…}}` is added
/// as the last field.
public final class RecordCleaner {
    /// What happened to a record.
    public enum Outcome: Equatable {
        /// The cleaned record was appended to the output.
        case cleaned
        /// The text became empty and `dropEmpty` is on: nothing was appended.
        case dropped
        /// The line was appended unchanged, for the reason given.
        case passedThrough(RecordProblem)
    }

    public let options: RecordOptions
    private let cleaner: DocumentCleaner
    private let scanner: JSONObjectScanner
    private let text = ByteBuffer(capacity: 64 * 1024)
    private let cleaned = MemorySink()

    /// - Parameter cleaner: cleans the text of each record; this record cleaner's own.
    public init(cleaner: DocumentCleaner, records: RecordOptions) {
        self.options = records
        self.cleaner = cleaner
        self.scanner = JSONObjectScanner(keys: [records.field, records.urlField])
    }

    /// What cleaning did to the text fields since the last call, for `--stats`
    /// (`DocumentCleaner.takeStats`).
    public func takeStats() -> CleanStats { cleaner.takeStats() }

    /// Cleans the record `line` (without its line break), appending the result to `out`.
    /// `stream` names the record's file and gives the site of records without a URL field.
    public func clean(_ line: UnsafeRawBufferPointer, lineNumber: Int64, of stream: DocumentContext,
                      into out: ByteBuffer) -> Outcome {
        do {
            return try splice(line, lineNumber: lineNumber, of: stream, into: out)
        } catch {
            out.append(line)
            return .passedThrough(error)
        }
    }

    private func splice(_ line: UnsafeRawBufferPointer, lineNumber: Int64, of stream: DocumentContext,
                        into out: ByteBuffer) throws(RecordProblem) -> Outcome {
        guard let p = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { throw .notAnObject }
        let fields = try scanner.scan(p, count: line.count)
        guard let value = fields.values[0] else { throw .missingField(options.field) }
        guard case let .string(range) = value else { throw .fieldNotString(options.field) }

        text.removeAll()
        do { try JSONString.unescape(p + range.lowerBound, count: range.count, into: text) } catch {
            throw .badEscape(field: options.field, offset: range.lowerBound + error.offset)
        }
        let report: DocumentReport
        cleaned.buffer.removeAll()
        do {
            let context = DocumentContext(name: "\(stream.name):\(lineNumber)", site: site(p, fields) ?? stream.site)
            report = try cleaner.clean(MemorySource(text.bytes), to: cleaned, context: context)
        } catch {
            throw .invalidUTF8(field: options.field)
        }
        if cleaner.options.hygiene, cleaned.buffer.count > 0, cleaned.buffer.base[cleaned.buffer.count - 1] == 0x0A {
            cleaned.buffer.count -= 1
        }
        if cleaned.buffer.count == 0 && options.dropEmpty { return .dropped }

        // The field's value, quotes included, is replaced.
        let (valueStart, valueEnd) = (range.lowerBound - 1, range.upperBound + 1)
        out.append(p, count: valueStart)
        JSONString.append(cleaned.buffer.bytes, to: out)
        if options.annotate {
            out.append(p + valueEnd, count: fields.closingBrace - valueEnd)
            appendAnnotation(report, to: out)
            out.append(p + fields.closingBrace, count: line.count - fields.closingBrace)
        } else {
            out.append(p + valueEnd, count: line.count - valueEnd)
        }
        return .cleaned
    }

    /// The record's site, from its URL field when that is a string.
    private func site(_ p: UnsafePointer<UInt8>, _ fields: JSONObjectScanner.Fields) -> String? {
        guard case let .string(range)? = fields.values[1] else { return nil }
        let site = ByteBuffer(capacity: range.count)
        guard (try? JSONString.unescape(p + range.lowerBound, count: range.count, into: site)) != nil else {
            return nil
        }
        return String(decoding: site.bytes, as: UTF8.self)
    }

    /// `,"sluice":{"removed":{"rule":2,…}}`, rule ids sorted so the output is the same every run.
    private func appendAnnotation(_ report: DocumentReport, to out: ByteBuffer) {
        out.append(contentsOf: #","\#(RecordOptions.annotationField)":{"removed":{"#.utf8)
        for (n, rule) in report.removals.keys.sorted().enumerated() {
            if n > 0 { out.append(0x2C) }
            JSONString.append(rule, to: out)
            out.append(contentsOf: ":\(report.removals[rule]!)".utf8)
        }
        out.append(contentsOf: "}}".utf8)
    }
}

/// How JSONL records are read and written: `--field`, `--url-field`, `--drop-empty`,
/// `--annotate`, `--strict`.
public struct RecordOptions: Sendable {
    /// The name of the field added by `annotate`.
    public static let annotationField = "sluice"

    /// The top-level string field that is cleaned.
    public var field = "text"
    /// The top-level string field whose value is the document's site.
    public var urlField = "url"
    /// Leave out records whose text becomes empty (otherwise they are kept with `""`).
    public var dropEmpty = false
    /// Add `"sluice":{"removed":{…}}` to each cleaned record.
    public var annotate = false
    /// A line that is not a record with the field stops the run (otherwise it passes through).
    public var strict = false

    public init() {}
}
