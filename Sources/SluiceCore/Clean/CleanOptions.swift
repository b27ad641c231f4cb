/// How a document is cleaned: the options of `sluice clean` that shape the output.
public struct CleanOptions: Sendable {
    /// How noise is found: by the rules alone, or by the rules and then the line classifier.
    public enum Mode: String, CaseIterable, Sendable {
        /// Only what a rule names is removed: conservative, nothing lost silently.
        case rules
        /// The rules, then the line classifier (`docs/CLASSIFIER.md`) on the lines no rule
        /// decided: removes unnamed noise (menus, teasers, footers) at some cost in content.
        case classify

        /// The mode of the `sluice` command when `--mode` is not given.
        public static let commandDefault = Mode.classify
    }

    /// How noise is found. `rules` here, so that a cleaner does only what its rules say; the
    /// `sluice` command's default is `Mode.commandDefault`.
    public var mode: Mode = .rules
    /// The line model of `Mode.classify`, when another than the built-in one is given
    /// (`--line-model`). The built-in model is read only when the classifier runs: parsing it
    /// costs more than the rest of start-up.
    public var lineModel: LineModel?
    /// The Unicode normalization form applied to every line.
    public var form: NormalizationForm = .nfc
    /// The hygiene steps: in-line ones (see `Hygiene`), plus CR and CRLF to LF, blank-line runs
    /// collapsed to one, no blank lines at either end, and a final newline.
    public var hygiene = true
    /// What to do with invalid UTF-8.
    public var invalid: InvalidUTF8Policy = .replace
    /// Lines longer than this are cleaned and passed on in pieces, never buffered whole.
    public var maxLineBytes = 1 << 20
    /// Bytes read from the input at a time.
    public var blockSize = 256 * 1024
    /// The look-ahead of the rules: a document is decided in windows of about this many bytes
    /// of cleaned lines (a whole web page or record fits in one). Positions (`first=`,
    /// `last=`) count within a window when a document needs more than one.
    public var windowBytes = 8 << 20
    /// … or of this many lines, whichever comes first; under `Mode.classify`, of at most
    /// `classifierWindowLines` (the classifier holds about 600 bytes of features per line).
    public var windowLines = 1 << 20
    public static let classifierWindowLines = 1 << 16

    public init() {}
}
