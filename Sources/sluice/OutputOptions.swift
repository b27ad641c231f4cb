// The clean command's options for directories, output files and JSONL records, e.g.
//   sluice corpus/ -o clean/ --jobs 8 --exclude drafts
//   sluice --format jsonl --field content --drop-empty < in.jsonl > out.jsonl
import ArgumentParser
import SluiceCore

/// The options that choose where output goes and which files of a directory are cleaned:
/// `-o`, `--in-place`, the file selection, `--jobs`,
/// `--skip-existing`, `--fsync`, `--quiet`.
struct OutputOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("output-dir")], help: ArgumentHelp(
        "Write each input to its own file under this directory: a directory argument's tree is mirrored (one directory alone straight into OUTDIR, several each under OUTDIR/NAME); a file goes to OUTDIR/NAME.",
        valueName: "outdir"))
    var outputDirectory: String?

    @Flag(help: "Rewrite each file (and each file of a directory argument) in place, keeping its permissions.")
    var inPlace = false

    @OptionGroup var files: FileSelectionOptions

    @Option(name: [.customShort("j"), .long], help: ArgumentHelp(
        "Worker threads (default: the number of processors). The output is the same for every value.",
        valueName: "n"))
    var jobs: Int?

    @Flag(help: "With -o, leave outputs that exist as they are: resumes an interrupted run.")
    var skipExisting = false

    @Flag(help: "Flush each output file to disk before renaming it into place (slower; survives a power cut).")
    var fsync = false

    @Flag(name: [.customShort("q"), .long], help: "No progress line.")
    var quiet = false

    /// Where output goes.
    var target: OutputTarget {
        if inPlace { return .inPlace }
        return outputDirectory.map(OutputTarget.directory) ?? .standardOutput
    }

    var selection: FileSelection { files.selection }

    func validate() throws {
        if inPlace && outputDirectory != nil { throw ValidationError("Give -o OUTDIR or --in-place, not both.") }
        if skipExisting && outputDirectory == nil { throw ValidationError("--skip-existing needs -o OUTDIR.") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs).") }
    }
}

extension InputFormat: ExpressibleByArgument {}

/// How inputs are read as records: `--format`, `--field`, `--url-field` (shared by `clean` and
/// `learn`).
struct RecordInputOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Input format: text (each input one document) or jsonl (one JSON object per line, one field read as the document). Default: jsonl for .jsonl and .jsonl.gz files, text otherwise.",
        valueName: "format"))
    var format: InputFormat?

    @Option(help: ArgumentHelp("JSONL: the top-level string field holding the text.", valueName: "name"))
    var field = "text"

    @Option(help: ArgumentHelp("JSONL: the field holding the record's URL, used as its site.", valueName: "name"))
    var urlField = "url"

    /// Record options with these field names.
    var records: RecordOptions {
        var records = RecordOptions()
        records.field = field
        records.urlField = urlField
        return records
    }
}

/// The options for JSONL records when cleaning: the input options, `--drop-empty`, `--strict`,
/// `--annotate`.
struct RecordFormatOptions: ParsableArguments {
    @OptionGroup var input: RecordInputOptions

    @Flag(help: "JSONL: leave out records whose text becomes empty (otherwise kept with \"\").")
    var dropEmpty = false

    @Flag(help: "JSONL: a line that is not an object with the field fails its file (otherwise reported and passed through unchanged).")
    var strict = false

    @Flag(help: "JSONL: add \"\(RecordOptions.annotationField)\": {\"removed\": {RULE: COUNT}} to each cleaned record.")
    var annotate = false

    var records: RecordOptions {
        var records = input.records
        records.dropEmpty = dropEmpty
        records.strict = strict
        records.annotate = annotate
        return records
    }
}

/// Which files of a directory argument are read: `--include`, `--exclude`, `--hidden`,
/// `--follow` (shared by `clean` and `learn`).
struct FileSelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "In directories, read only files matching this glob (by name; by path below the directory if it has a /). Repeatable.",
        valueName: "glob"))
    var include: [String] = []

    @Option(help: ArgumentHelp(
        "In directories, leave out files and directories matching this glob. Repeatable.", valueName: "glob"))
    var exclude: [String] = []

    @Flag(help: "In directories, also read hidden files and walk hidden directories (names starting with .).")
    var hidden = false

    @Flag(help: "In directories, follow symbolic links (a link back to a directory being walked is reported, not followed).")
    var follow = false

    var selection: FileSelection {
        var selection = FileSelection()
        selection.include = include
        selection.exclude = exclude
        selection.hidden = hidden
        selection.follow = follow
        return selection
    }
}
