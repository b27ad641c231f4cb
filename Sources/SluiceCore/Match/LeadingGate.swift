import CICUShim

/// A prefilter for a regex anchored at the line's start: the bytes that can open its first
/// consuming element once any leading run of punctuation, spaces and symbols is passed. A line
/// whose first ASCII letter or digit cannot open it (and that holds no such byte before it) is
/// rejected without running ICU.
///
///     ^\W*(?:©|\([cC]\)|&copy;)\s*\d{4}    opens with ©'s first byte, "(" or "&"
///     ^\W*(?i:by|di)\s*:?\s+\p{Lu}         opens with b, B, d or D
///
///     "© 2024 Example Media"   → admitted (ICU decides)
///     "Copyright law changed…" → rejected at "C"
///
/// How the line is read: from its first byte, a byte that can open the element admits the line;
/// an ASCII letter or digit that cannot rejects it; any other byte (ASCII punctuation or space,
/// any byte of a non-ASCII character) is passed over, and the end of the line rejects it. This
/// is sound because everything the regex lets stand before its first consuming element
/// (`\W*`, `\s+`, classes of punctuation, look-arounds, which consume nothing) matches no ASCII
/// letter or digit, so the match opens before the line's first one.
///
/// Case-insensitive letters admit both cases, and the letters that a non-ASCII character folds
/// to (`ß`→ss, `ſ`→s, `K`→k, `ﬁ`→fi, `İ`→i̇ …: a, f, h, i, j, k, s, t, w, y) also admit the lead
/// bytes of those characters; a non-ASCII letter under case-insensitive matching admits every
/// non-ASCII byte. A pattern this reading does not understand gets no gate.
struct LeadingGate {
    /// Per byte: `pass`, `admit`, `reject`, or one of the two `check` verdicts, for the lead
    /// byte of a character in `sequences`.
    let verdicts: [UInt8]
    /// The non-ASCII characters (UTF-8) that admit the line.
    let sequences: [[UInt8]]

    static let pass: UInt8 = 0
    static let admit: UInt8 = 1
    static let reject: UInt8 = 2
    /// Admit if one of `sequences` starts here, else pass over.
    static let checkThenPass: UInt8 = 3
    /// Admit if one of `sequences` starts here, else reject (the lead byte of a letter).
    static let checkThenReject: UInt8 = 4

    /// Lead bytes whose every character is a letter (Cyrillic U+0400–U+047F; Han U+5000–U+9FFF;
    /// Hangul syllables U+B000–U+CFFF): like ASCII letters, they end the leading run.
    private static let letterLeads: [UInt8] = [0xD0, 0xD1, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEB, 0xEC]

    /// The gate of `pattern`, or nil when it is not anchored at the start or its opening
    /// element is not one this reading understands.
    static func of(pattern: String, caseInsensitive: Bool) -> LeadingGate? {
        let chars = Array(pattern.unicodeScalars)
        guard chars.first == "^" else { return nil }
        var i = 1
        // Pass over what may stand before the first consuming element. A look-ahead that
        // must match there gives the gate as well as the element itself would.
        var opening = Openings()
        while i < chars.count {
            if i + 3 < chars.count, chars[i...].starts(with: ["(", "?", "="]),
               let end = opening.read(chars, at: i + 3, caseInsensitive: caseInsensitive),
               !RegexSyntax.isOptional(chars, quantifierAt: end) {
                break
            }
            opening = Openings()
            if let end = lookaroundEnd(chars, at: i) {
                i = end
            } else if let end = nonAlphanumericElementEnd(chars, at: i) {
                i = RegexSyntax.skipQuantifier(chars, from: end)
            } else {
                guard let end = opening.read(chars, at: i, caseInsensitive: caseInsensitive),
                      !RegexSyntax.isOptional(chars, quantifierAt: end) else {
                    return nil
                }
                break
            }
        }
        guard !opening.isEmpty else { return nil }
        var verdicts = [UInt8](repeating: pass, count: 256)
        for b in 0..<128 where isASCIIAlphanumeric(UInt8(b)) { verdicts[b] = reject }
        for b in letterLeads { verdicts[Int(b)] = reject }
        for sequence in opening.sequences {
            let lead = Int(sequence[0])
            verdicts[lead] = verdicts[lead] == reject ? checkThenReject : checkThenPass
        }
        for b in 0..<256 where opening.admitted[b] { verdicts[b] = admit }
        return LeadingGate(verdicts: verdicts, sequences: opening.sequences)
    }

    /// The bytes that can open an element, read from the pattern.
    private struct Openings {
        /// Bytes that admit the line wherever they stand in the leading run.
        var admitted = [Bool](repeating: false, count: 256)
        /// Non-ASCII characters, as UTF-8, that admit the line.
        var sequences: [[UInt8]] = []

        var isEmpty: Bool { !admitted.contains(true) && sequences.isEmpty }

        /// Reads the element at `i` and adds the bytes that can open it; returns the index just
        /// past the element (before any quantifier), or nil when it is not understood.
        mutating func read(_ chars: [Unicode.Scalar], at i: Int, caseInsensitive: Bool) -> Int? {
            let c = chars[i]
            switch c {
            case "(":
                return readGroup(chars, at: i, caseInsensitive: caseInsensitive)
            case "[":
                return readClass(chars, at: i, caseInsensitive: caseInsensitive)
            case "\\":
                guard i + 1 < chars.count else { return nil }
                let escaped = chars[i + 1]
                if escaped == "d" {
                    addDigits()
                    return i + 2
                }
                guard !escaped.isLetter, !escaped.isNumber else { return nil }
                add(escaped, caseInsensitive: caseInsensitive)
                return i + 2
            case ".", "|", ")", "^", "$", "*", "+", "?", "{", "}", "]":
                return nil
            default:
                add(c, caseInsensitive: caseInsensitive)
                return i + 1
            }
        }

        /// `(?:…|…)`, `(?i:…)` or `(…)`: every alternative must open with an element understood.
        private mutating func readGroup(_ chars: [Unicode.Scalar], at start: Int, caseInsensitive: Bool) -> Int? {
            guard let close = RegexSyntax.closing(chars, from: start) else { return nil }
            var i = start + 1
            var insensitive = caseInsensitive
            if i < chars.count && chars[i] == "?" {
                // Only non-capturing groups, possibly with flags: `(?:`, `(?i:`, `(?-i:`.
                var j = i + 1
                var on = true
                while j < close, chars[j] != ":" {
                    switch chars[j] {
                    case "-": on = false
                    case "i": insensitive = on
                    case "m", "s", "w": break
                    default: return nil
                    }
                    j += 1
                }
                guard j < close else { return nil }
                i = j + 1
            }
            guard let alternatives = RegexSyntax.alternatives(chars, from: i, to: close) else { return nil }
            for alternative in alternatives.map(\.lowerBound) {
                guard alternative < close, alternativeOpensWithElement(chars, at: alternative, close: close),
                      let end = read(chars, at: alternative, caseInsensitive: insensitive),
                      !RegexSyntax.isOptional(chars, quantifierAt: end)
                else { return nil }
            }
            return close + 1
        }

        /// An alternative that is empty opens with nothing: the group gives no gate.
        private func alternativeOpensWithElement(_ chars: [Unicode.Scalar], at i: Int, close: Int) -> Bool {
            chars[i] != "|" && i != close
        }

        /// `[…]` of literal characters, ranges of them, `\d` and escaped punctuation.
        private mutating func readClass(_ chars: [Unicode.Scalar], at start: Int, caseInsensitive: Bool) -> Int? {
            guard let close = RegexSyntax.closing(chars, from: start), start + 1 < close, chars[start + 1] != "^" else {
                return nil
            }
            var i = start + 1
            while i < close {
                var c = chars[i]
                if c == "\\" {
                    guard i + 1 < close else { return nil }
                    let escaped = chars[i + 1]
                    if escaped == "d" { addDigits(); i += 2; continue }
                    guard !escaped.isLetter, !escaped.isNumber else { return nil }
                    c = escaped
                    i += 2
                } else if c == "[" {
                    return nil  // nested sets and POSIX classes
                } else {
                    i += 1
                }
                if i + 1 < close, chars[i] == "-", c.isASCII, chars[i + 1].isASCII, chars[i + 1] != "\\" {
                    let (low, high) = (c, chars[i + 1])
                    guard low.value <= high.value else { return nil }
                    for v in low.value...high.value { add(Unicode.Scalar(v)!, caseInsensitive: caseInsensitive) }
                    i += 2
                    continue
                }
                add(c, caseInsensitive: caseInsensitive)
            }
            return close + 1
        }

        private mutating func addDigits() {
            for b in 0x30...0x39 { admitted[b] = true }
            for b in 0xC0...0xFF { admitted[b] = true }  // digits of other scripts
        }

        /// Adds `c`'s first code point, and under case-insensitive matching every code point
        /// ICU's case closure gives it, plus the lead bytes of the characters whose full case
        /// folding is several code points (`ß` → ss, `ﬁ` → fi, `ΐ` …), which may open a match.
        private mutating func add(_ c: Unicode.Scalar, caseInsensitive: Bool) {
            let scalar = c
            guard caseInsensitive else { return addExact(scalar.value) }
            var closure = [Int32](repeating: 0, count: 16)
            let n = Int(sluice_case_closure(Int32(scalar.value), &closure, Int32(closure.count)))
            guard n <= closure.count else {
                for b in 0xC0...0xFF { admitted[b] = true }
                return addExact(scalar.value)
            }
            addExact(scalar.value)
            for member in closure[..<n] { addExact(UInt32(member)) }
            for b in [0xC3, 0xC4, 0xC5, 0xC7, 0xCE, 0xD6, 0xE1, 0xEF] { admitted[b] = true }
        }

        private mutating func addExact(_ c: UInt32) {
            guard let scalar = Unicode.Scalar(c) else { return }
            if scalar.isASCII {
                admitted[Int(c)] = true
                return
            }
            let bytes = Array(UTF8.encode(scalar)!)
            if !sequences.contains(bytes) { sequences.append(bytes) }
        }
    }

    /// The index past a look-ahead or look-behind group at `i` (they consume nothing).
    private static func lookaroundEnd(_ chars: [Unicode.Scalar], at i: Int) -> Int? {
        guard i + 2 < chars.count, chars[i] == "(", chars[i + 1] == "?" else { return nil }
        let isLookahead = chars[i + 2] == "=" || chars[i + 2] == "!"
        let isLookbehind = chars[i + 2] == "<" && i + 3 < chars.count && (chars[i + 3] == "=" || chars[i + 3] == "!")
        guard isLookahead || isLookbehind, let close = RegexSyntax.closing(chars, from: i) else { return nil }
        guard RegexSyntax.skipQuantifier(chars, from: close + 1) == close + 1 else { return nil }
        return close + 1
    }

    /// The index past an element at `i` that matches no ASCII letter or digit (`\W`, `\s`, an
    /// ASCII punctuation or non-ASCII literal, a class of those), or nil.
    private static func nonAlphanumericElementEnd(_ chars: [Unicode.Scalar], at i: Int) -> Int? {
        let c = chars[i]
        switch c {
        case "\\":
            guard i + 1 < chars.count else { return nil }
            let escaped = chars[i + 1]
            if escaped == "W" || escaped == "s" { return i + 2 }
            return escaped.isLetter || escaped.isNumber ? nil : i + 2
        case "[":
            guard let close = RegexSyntax.closing(chars, from: i), i + 1 < close, chars[i + 1] != "^" else { return nil }
            var j = i + 1
            while j < close {
                let m = chars[j]
                if m == "\\" {
                    guard j + 1 < close else { return nil }
                    let escaped = chars[j + 1]
                    guard escaped == "s" || escaped == "W" || !(escaped.isLetter || escaped.isNumber) else { return nil }
                    j += 2
                    continue
                }
                if m == "[" || m.isLetter || m.isNumber { return nil }
                // A range between punctuation could span letters (`!-~`): refuse ranges.
                if m == "-" && j > i + 1 && j + 1 < close { return nil }
                j += 1
            }
            return close + 1
        case "(", ")", "|", ".", "^", "$", "*", "+", "?", "{", "}", "]":
            return nil
        default:
            return c.isLetter || c.isNumber ? nil : i + 1
        }
    }

    private static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// Whether `line` may match: see the type's description. `verdicts` and `sequences` are
    /// one gate's.
    @inline(__always)
    static func admits(_ verdicts: UnsafePointer<UInt8>, sequences: [[UInt8]], _ line: UnsafePointer<UInt8>,
                       count: Int) -> Bool {
        var i = 0
        while i < count {
            let v = verdicts[Int(line[i])]
            if v != pass {
                if v <= reject { return v == admit }
                if startsWithSequence(sequences, line + i, count: count - i) { return true }
                if v == checkThenReject { return false }
            }
            i &+= 1
        }
        return false
    }

    private static func startsWithSequence(_ sequences: [[UInt8]], _ p: UnsafePointer<UInt8>, count: Int) -> Bool {
        sequences.contains { s in s.count <= count && s.indices.allSatisfy { p[$0] == s[$0] } }
    }
}
