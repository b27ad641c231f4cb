@testable import SluiceCore

/// Cleans `input` the way `sluice` does, reading it `chunk` bytes at a time.
func clean(_ input: [UInt8], options: CleanOptions = CleanOptions(), rules: RuleSet? = nil,
           chunk: Int = .max, context: DocumentContext = DocumentContext()) throws -> [UInt8] {
    let sink = MemorySink()
    try DocumentCleaner(options: options, rules: rules).clean(MemorySource(input, chunk: chunk), to: sink, context: context)
    return sink.bytes
}

func clean(_ input: String, options: CleanOptions = CleanOptions(), rules: RuleSet? = nil,
           chunk: Int = .max, context: DocumentContext = DocumentContext()) throws -> String {
    String(decoding: try clean(Array(input.utf8), options: options, rules: rules, chunk: chunk, context: context),
           as: UTF8.self)
}

/// Options with a given form and everything else default.
func options(form: NormalizationForm = .nfc, hygiene: Bool = true, invalid: InvalidUTF8Policy = .replace,
             maxLineBytes: Int = 1 << 20, blockSize: Int = 256 * 1024) -> CleanOptions {
    var o = CleanOptions()
    o.form = form
    o.hygiene = hygiene
    o.invalid = invalid
    o.maxLineBytes = maxLineBytes
    o.blockSize = blockSize
    return o
}

/// Compiles rule text given inline, as a file named `test.rules`.
func ruleSet(_ text: String) throws -> RuleSet {
    var parser = RuleParser(file: "test.rules")
    let parsed = parser.parse(text)
    if !parsed.diagnostics.isEmpty { throw RuleLoadError(diagnostics: parsed.diagnostics) }
    return try RuleSet(rules: parsed.rules)
}

/// The repository's root, found from this file's path.
let repositoryRoot: String = {
    var path = #filePath
    for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path
}()
