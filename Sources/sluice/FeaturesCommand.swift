import ArgumentParser
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// `sluice features`: a hidden command for training and evaluating the line classifier.
///
/// Cleans each document as `sluice` does and prints one TSV row per line: the file, the line's
/// index, every feature of `FeatureExtractor` (a header row names them) and the cleaned text
/// (tabs and backslashes escaped); `--words` adds, before the text, the words a lexicon scores,
/// lowercased and separated by spaces (what the trainer counts to build one). With `--apply`,
/// runs the classifier instead and writes the kept lines, to stdout or one file per input in
/// `--out-dir`; `--explain` adds each line's decision, score and deciding signal. The lexicon
/// features use the model's words (`--model`, else the built-in model's), or those of
/// `--lexicon FILE`.
///
///     sluice features page.txt > page.tsv
///     sluice features --lexicon fold1.txt dev/*.input.txt > rows.tsv
///     sluice features --apply --model fold1.txt --out-dir /tmp/out dev/*.input.txt
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Print the line classifier's features of each line as TSV (for training).",
        shouldDisplay: false
    )

    @Argument(help: ArgumentHelp("Files to read; - is standard input.", valueName: "FILE"))
    var files: [String] = []

    @Flag(help: "Classify and write the kept lines instead of the features.")
    var apply = false

    @Flag(help: "With --apply: write every line, prefixed by keep/drop, score and signal.")
    var explain = false

    @Flag(help: "Time cleaning and classification separately and print MB/s to stderr; write nothing.")
    var bench = false

    @Flag(help: "Add a column of each line's words as the lexicon looks them up (before the text).")
    var words = false

    @Flag(help: "Print each feature's name and signal group, and stop.")
    var groups = false

    @Option(help: ArgumentHelp("A model file to use instead of the built-in model.", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp(
        "Take the lexicon features' word scores from this model file (trees optional) instead of the model's.",
        valueName: "file"))
    var lexicon: String?

    @Option(help: ArgumentHelp(
        "Fill the score-context columns from this one-stage model's scores (training a second stage).",
        valueName: "file"))
    var stage1: String?

    @Option(help: ArgumentHelp(
        "With --apply: write NAME.txt here for each input NAME.input.txt or NAME.txt.", valueName: "dir"))
    var outDir: String?

    func run() throws {
        if groups {
            var text = ""
            for (name, group) in zip(FeatureExtractor.names, FeatureExtractor.groups) { text += "\(name)\t\(group)\n" }
            print(text, terminator: "")
            return
        }
        var lineModel = LineModel.builtIn
        if let path = model {
            do {
                lineModel = try LineModel(text: try readText(path))
            } catch let error as LineModel.FormatError {
                FileHandleStandardError.say("\(path): \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        var firstStage: LineClassifier?
        if let path = stage1 {
            do {
                firstStage = LineClassifier(model: try LineModel(text: try readText(path)))
            } catch let error as LineModel.FormatError {
                FileHandleStandardError.say("\(path): \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        if let path = lexicon {
            do {
                lineModel.lexicon = try LineModel(text: try readText(path), requireTrees: false).lexicon
            } catch let error as LineModel.FormatError {
                FileHandleStandardError.say("\(path): \(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        let cleaner = DocumentCleaner(options: CleanOptions())
        let classifier = LineClassifier(model: lineModel)
        classifier.explains = explain || !bench
        let lines = DocumentLines()
        var decisions: [LineDecision] = []
        let stdout = FileDescriptorSink(fd: 1, name: "standard output")
        if bench {
            let clock = ContinuousClock()
            var cleaning = Duration.zero, classifying = Duration.zero
            var bytes = 0
            for path in files {
                let input = try InputFile.open(path)
                defer { input.close() }
                let t0 = clock.now
                try cleaner.cleanLines(input.source, into: lines)
                let t1 = clock.now
                classifier.classify(lines, into: &decisions)
                let t2 = clock.now
                cleaning += t1 - t0
                classifying += t2 - t1
                bytes += lines.byteCount + lines.count
            }
            func seconds(_ d: Duration) -> Double {
                Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            let mb = Double(bytes) / 1e6
            FileHandleStandardError.write(
                "sluice features --bench: \(bytes) bytes of cleaned lines, \(files.count) documents\n"
                + "cleaning \(seconds(cleaning)) s (\(mb / seconds(cleaning)) MB/s), "
                + "classifying \(seconds(classifying)) s (\(mb / seconds(classifying)) MB/s)\n")
            return
        }
        if !apply {
            write("file\tline\t" + FeatureExtractor.names.joined(separator: "\t") + (words ? "\twords" : "")
                  + "\ttext\n", to: stdout)
        }
        for path in files.isEmpty ? ["-"] : files {
            let input = try InputFile.open(path)
            defer { input.close() }
            try cleaner.cleanLines(input.source, into: lines)
            if apply {
                classifier.classify(lines, into: &decisions)
                var sink: ByteSink = stdout
                var fileSink: FileDescriptorSink?
                if let dir = outDir {
                    let out = dir + "/" + outputName(path)
                    let fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                    guard fd >= 0 else { throw IOError(path: out, errno: errno) }
                    fileSink = FileDescriptorSink(fd: fd, name: out)
                    sink = fileSink!
                }
                var pendingBlank = false
                var wrote = false
                for i in 0..<lines.count {
                    let d = decisions[i]
                    if explain {
                        let score = (d.score * 1000).rounded() / 1000
                        write("\(d.keep ? "keep" : "drop")\t\(score)\t\(d.signal)\t", to: sink)
                        try sink.write(lines[i]); write("\n", to: sink)
                        continue
                    }
                    if lines.isBlank(i) { pendingBlank = wrote; continue }
                    guard d.keep else { continue }
                    if pendingBlank { write("\n", to: sink) }
                    pendingBlank = false
                    try sink.write(lines[i]); write("\n", to: sink)
                    wrote = true
                }
                if let f = fileSink { try f.flush(); close(f.fd) }
            } else {
                classifier.features.extract(lines)
                if let first = firstStage {
                    classifier.features.fillScoreContext(scores: first.firstStageScores(lines))
                }
                let name = InputFile.displayName(path)
                for i in 0..<lines.count {
                    var row = name + "\t\(i)"
                    for v in classifier.features.row(i) { row += "\t\(v)" }
                    if words { row += "\t" + LineLexicon.words(of: lines[i]).joined(separator: " ") }
                    row += "\t"
                    write(row, to: stdout)
                    try stdout.write(escaped(lines[i]))
                    write("\n", to: stdout)
                }
            }
        }
        try stdout.flush()
    }

    private func outputName(_ path: String) -> String {
        var name = String(path.split(separator: "/").last ?? "stdin")
        for suffix in [".input.txt", ".txt"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        return name + ".txt"
    }

    private func write(_ s: String, to sink: ByteSink) {
        var s = s
        s.withUTF8 { try? sink.write(UnsafeRawBufferPointer($0)) }
    }

    private func escaped(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard bytes.contains(where: { $0 == 0x09 || $0 == 0x5C }) else { return bytes }
        let out = ByteBuffer()
        for b in bytes {
            if b == 0x09 { out.append(0x5C); out.append(0x74) } else if b == 0x5C { out.append(0x5C); out.append(0x5C) } else { out.append(b) }
        }
        escapedKeep = out
        return out.bytes
    }

    private func readText(_ path: String) throws -> String {
        let input = try InputFile.open(path)
        defer { input.close() }
        let sink = MemorySink()
        var source = input.source
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { break }
            buffer.withUnsafeBytes { try? sink.write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}

/// Keeps the last escaped line alive while it is written.
nonisolated(unsafe) private var escapedKeep: ByteBuffer?
