// JSONL records: unescaping, the top-level field scan, the splice, and the batched stream.
import Testing
@testable import SluiceCore

private func unescape(_ s: String) throws -> String {
    let out = ByteBuffer()
    let bytes = Array(s.utf8)
    try bytes.withUnsafeBufferPointer { try JSONString.unescape($0.baseAddress!, count: $0.count, into: out) }
    return String(decoding: out.bytes, as: UTF8.self)
}

private func cleanRecord(_ line: String, _ configure: (inout RecordOptions) -> Void = { _ in })
    -> (String, RecordCleaner.Outcome) {
    var options = RecordOptions()
    configure(&options)
    let cleaner = RecordCleaner(cleaner: DocumentCleaner(options: CleanOptions()), records: options)
    let out = ByteBuffer()
    let outcome = Array(line.utf8).withUnsafeBytes {
        cleaner.clean($0, lineNumber: 1, of: DocumentContext(name: "test.jsonl"), into: out)
    }
    return (String(decoding: out.bytes, as: UTF8.self), outcome)
}

@Test func unescapesEveryJSONEscapeIncludingSurrogatePairs() throws {
    #expect(try unescape(#"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t"#) == "café 😀 \"q\" \\ / \u{8}\u{C}\n\r\t")
}

@Test func turnsALoneSurrogateEscapeIntoReplacementCharacter() throws {
    #expect(try unescape(#"a\ud83db"#) == "a\u{FFFD}b")
    #expect(try unescape(#"a\ude00b"#) == "a\u{FFFD}b")
    #expect(try unescape(#"\ud83d\u0041"#) == "\u{FFFD}A")
}

@Test func refusesUnknownEscapes() {
    #expect(throws: JSONString.EscapeError(offset: 1)) { try unescape(#"a\qb"#) }
    #expect(throws: JSONString.EscapeError(offset: 0)) { try unescape(#"\u12"#) }
}

@Test func unescapingUndoesEscaping() throws {
    let text = "say \"hi\"\t\\ é 😀\u{1}\n/"
    let escaped = ByteBuffer()
    JSONString.append(text, to: escaped)
    let inner = String(decoding: escaped.bytes, as: UTF8.self).dropFirst().dropLast()
    #expect(try unescape(String(inner)) == text)
}

@Test func findsTopLevelFieldsOnly() throws {
    let scanner = JSONObjectScanner(keys: ["text", "url"])
    let line = Array(#" {"meta": {"text": "no", "a": [1, "}"]}, "t\u0065xt" : "yes" , "n": -1.5e3, "url": 3} "#.utf8)
    let fields = try line.withUnsafeBufferPointer { try scanner.scan($0.baseAddress!, count: $0.count) }
    guard case let .string(range)? = fields.values[0] else { Issue.record("text not found"); return }
    #expect(String(decoding: line[range], as: UTF8.self) == "yes")
    #expect(fields.values[1] == .other)
    #expect(line[fields.closingBrace] == UInt8(ascii: "}"))
}

@Test func reportsLinesThatAreNotRecords() {
    let scanner = JSONObjectScanner(keys: ["text"])
    func problem(_ s: String) -> RecordProblem? {
        let bytes = Array(s.utf8)
        do { _ = try bytes.withUnsafeBufferPointer { try scanner.scan($0.baseAddress!, count: $0.count) }; return nil }
        catch { return error as? RecordProblem }
    }
    #expect(problem("[1,2]") == .notAnObject)
    #expect(problem(#"{"text": "a"} x"#) == .malformed(offset: 14, expected: "the end of the line after the object"))
    #expect(problem(#"{"text": "a"#) == .malformed(offset: 11, expected: "the end of a string"))
    #expect(problem(#"{"text" "a"}"#) == .malformed(offset: 8, expected: "':'"))
}

@Test func cleansTheFieldAndKeepsEveryOtherByte() {
    let (out, outcome) = cleanRecord(#"{"id":1, "text":"Caf\u0065\u0301\u00a0 au  lait\r\n\r\n" ,"x":{"text":"  keep  "}}"#)
    #expect(outcome == .cleaned)
    #expect(out == #"{"id":1, "text":"Café au lait" ,"x":{"text":"  keep  "}}"#)
}

@Test func keepsOrDropsRecordsWhoseTextBecomesEmpty() {
    #expect(cleanRecord(#"{"text":" \u200b ","id":2}"#).0 == #"{"text":"","id":2}"#)
    #expect(cleanRecord(#"{"text":" \u200b "}"#) { $0.dropEmpty = true }.1 == .dropped)
}

@Test func passesThroughLinesWithoutTheField() {
    let (out, outcome) = cleanRecord(#"{"body":"a  b"}"#)
    #expect(out == #"{"body":"a  b"}"#)
    #expect(outcome == .passedThrough(.missingField("text")))
    #expect(cleanRecord(#"{"text":null}"#).1 == .passedThrough(.fieldNotString("text")))
    #expect(cleanRecord(#"{"body":"a  b"}"#) { $0.field = "body" }.0 == #"{"body":"a b"}"#)
}

@Test func annotatesWithTheRemovalsField() {
    let (out, _) = cleanRecord(#"{"text":"a","id":3}"#) { $0.annotate = true }
    #expect(out == #"{"text":"a","id":3,"sluice":{"removed":{}}}"#)
}

@Test func cleansAStreamInOrderWhateverTheJobs() throws {
    var input = ""
    for i in 0..<3000 {
        input += i % 100 == 7 ? "not json \(i)\n" : #"{"i":\#(i),"text":"n\u00b0\#(i)  \u00a0x"}"# + "\n"
    }
    input += #"{"text":"last, no newline"}"#
    func run(jobs: Int) throws -> (String, [String]) {
        let sink = MemorySink()
        var issues: [String] = []
        try RecordStream.clean(MemorySource(Array(input.utf8), chunk: 777), to: sink, records: RecordOptions(),
                               jobs: jobs, context: DocumentContext(name: "in.jsonl"), batchBytes: 4096,
                               makeCleaner: { DocumentCleaner(options: CleanOptions()) },
                               report: { issues.append($0.description) })
        return (String(decoding: sink.bytes, as: UTF8.self), issues)
    }
    let (one, oneIssues) = try run(jobs: 1)
    let (three, threeIssues) = try run(jobs: 3)
    #expect(one == three)
    #expect(oneIssues == threeIssues)
    #expect(oneIssues.first == "in.jsonl:8: not a JSON object")
    #expect(oneIssues.count == 30)
    #expect(one.hasPrefix(#"{"i":0,"text":"n°0 x"}"# + "\n"))
    #expect(one.hasSuffix(#"{"text":"last, no newline"}"#))
}

@Test func strictStopsAtTheFirstBadLine() {
    var records = RecordOptions()
    records.strict = true
    let sink = MemorySink()
    #expect(throws: RecordStream.Issue.self) {
        try RecordStream.clean(MemorySource(Array("{\"text\":\"a\"}\n{\"no\":1}\n".utf8)), to: sink,
                               records: records, jobs: 1, context: DocumentContext(name: "x"),
                               makeCleaner: { DocumentCleaner(options: CleanOptions()) }, report: { _ in })
    }
}
