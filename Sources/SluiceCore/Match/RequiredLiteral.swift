/// Finds, in an ICU regular expression, literal text that every match must contain, so that the
/// regex runs only on lines whose folded key holds it. A requirement is one run of literal text,
/// or a few alternatives (a group of plain words, or the pattern's own top-level `|`) one of
/// which every match holds; the rule then waits for any of them.
///
///     "Liked it\\? Take a second to support .{1,80} on Patreon!"  →  ["liked it take a second to support"]
///     "^(Share|Tweet)$"                                         →  ["share", "tweet"]
///     "\\b(?:when|if) you (?:buy|shop)\\b"                       →  ["when you buy", "when you shop", "if you buy", "if you shop"]
///     "^\\W*(?:by|di)\\s"                                        →  nil (no alternative of 3 bytes: runs on every line)
///
/// The analysis is conservative: `\Q…\E` and free-spacing mode give no literal; character
/// classes, escapes such as `\d` and groups that are not plain alternatives break a run; an atom
/// or group followed by `?`, `*` or `{0,…}` is left out, one followed by `+` or `{n,…}` ends a
/// run. Of the requirements found, the one whose shortest key is longest wins: its weakest
/// alternative still says the most.
enum RequiredLiteral {
    /// The most alternatives a requirement may have (more make the automaton's work larger than
    /// the regex's saving).
    static let maximumAlternatives = 16

    /// The folded keys of the best requirement, each of at least `minimum` bytes.
    static func keys(of pattern: String, folder: FoldedKeyBuilder, minimum: Int = 3) -> [[UInt8]]? {
        var best: [[UInt8]]? = nil
        var bestShortest = 0
        for requirement in requirements(of: pattern) ?? [] {
            var keys: [[UInt8]] = []
            for alternative in requirement {
                let key = folder.fold(alternative)
                if !keys.contains(key) { keys.append(key) }
            }
            let shortest = keys.map(\.count).min() ?? 0
            if shortest >= minimum && (shortest > bestShortest || (shortest == bestShortest && keys.count < best!.count)) {
                best = keys
                bestShortest = shortest
            }
        }
        return best
    }

    /// The runs of literal text that every match contains, as written in the pattern (escapes
    /// resolved), or nil when the pattern's shape gives none.
    static func runs(of pattern: String) -> [String]? {
        requirements(of: pattern)?.compactMap { $0.count == 1 ? $0[0] : nil }
    }

    /// Every requirement found: sets of alternatives (one string for a plain run), as written.
    static func requirements(of pattern: String) -> [[String]]? {
        let chars = Array(pattern.unicodeScalars)
        if chars.count >= 3 && chars.starts(with: ["(", "?"]) && flagsTurnOnFreeSpacing(chars) { return nil }
        guard let branches = RegexSyntax.alternatives(chars, from: 0, to: chars.count) else { return nil }
        guard branches.count > 1 else { return requirements(chars, from: 0, to: chars.count) }
        // A match holds one branch's requirement: the union of each branch's best one.
        var union: [String] = []
        for branch in branches {
            guard let best = requirements(chars, from: branch.lowerBound, to: branch.upperBound)?.max(by: { weakest($0) < weakest($1) }) else {
                return nil
            }
            union += best
        }
        return union.count <= maximumAlternatives ? [union] : nil
    }

    /// The length in bytes of a requirement's shortest alternative.
    private static func weakest(_ alternatives: [String]) -> Int { alternatives.map(\.utf8.count).min() ?? 0 }

    /// The requirements of the pattern's part `chars[start..<end]`, which has no top-level `|`.
    private static func requirements(_ chars: [Unicode.Scalar], from start: Int, to end: Int) -> [[String]]? {
        var runs = Runs()
        var i = start
        while i < end {
            let c = chars[i]
            switch c {
            case "(":
                guard let close = RegexSyntax.closing(chars, from: i) else { return nil }
                let next = RegexSyntax.skipQuantifier(chars, from: close + 1)
                if !RegexSyntax.isOptional(chars, quantifierAt: close + 1),
                   let words = plainAlternatives(chars, open: i, close: close) {
                    runs.extend(words)
                    if next > close + 1 { runs.flush() }  // `+`, `{2,}`: what follows is not adjacent
                } else {
                    runs.flush()
                }
                i = next
                continue
            case "[":
                runs.flush()
                guard let close = RegexSyntax.closing(chars, from: i) else { return nil }
                i = RegexSyntax.skipQuantifier(chars, from: close + 1)
                continue
            case ".":
                runs.flush()
                i = RegexSyntax.skipQuantifier(chars, from: i + 1)  // `.{0,40}`: the bounds are not literal text
                continue
            case "^", "$", ")", "]", "{", "}", "*", "+", "?":
                runs.flush()
                i += 1
                continue
            case "\\":
                guard i + 1 < end else { return nil }
                let escaped = chars[i + 1]
                if escaped == "Q" { return nil }
                if isZeroWidthEscape(escaped) { i += 2; continue }  // keeps the run
                if escaped.isLetter || escaped.isNumber {
                    runs.flush()
                    i = RegexSyntax.skipQuantifier(chars, from: i + 2)
                    continue
                }
                i = appendAtom(escaped, next: i + 2, chars: chars, runs: &runs)
                continue
            default:
                i = appendAtom(c, next: i + 1, chars: chars, runs: &runs)
                continue
            }
        }
        runs.flush()
        return runs.done
    }

    /// Requirements found so far, and the one being read: its alternatives, which grow together.
    private struct Runs {
        var done: [[String]] = []
        var current = [""]

        mutating func flush() {
            if current.allSatisfy({ !$0.isEmpty }) { done.append(current) }
            current = [""]
        }

        mutating func append(_ c: Unicode.Scalar) {
            for k in current.indices { current[k].unicodeScalars.append(c) }
        }

        /// Continues every alternative with each of `words`, or starts over with `words` when
        /// that would make too many.
        mutating func extend(_ words: [String]) {
            if current.count * words.count > RequiredLiteral.maximumAlternatives {
                flush()
                current = words
            } else {
                current = current.flatMap { run in words.map { run + $0 } }
            }
        }
    }

    /// Adds the literal `c` to the run, minding a quantifier after it; returns the next index.
    private static func appendAtom(_ c: Unicode.Scalar, next: Int, chars: [Unicode.Scalar], runs: inout Runs) -> Int {
        guard next < chars.count else { runs.append(c); return next }
        switch chars[next] {
        case "?", "*":
            runs.flush()
            return RegexSyntax.skipQuantifier(chars, from: next)
        case "+":
            runs.append(c)
            runs.flush()
            return RegexSyntax.skipQuantifier(chars, from: next)
        case "{":
            if !RegexSyntax.isOptional(chars, quantifierAt: next) { runs.append(c) }
            runs.flush()
            return RegexSyntax.skipQuantifier(chars, from: next)
        default:
            runs.append(c)
            return next
        }
    }

    /// `\b`, `\B`, `\A`, `\z`, `\Z`, `\G`: escapes that match no character.
    private static func isZeroWidthEscape(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "b", "B", "A", "z", "Z", "G": return true
        default: return false
        }
    }

    /// Characters that are syntax outside a class.
    private static func isSyntax(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "(", ")", "[", "]", ".", "^", "$", "*", "+", "?", "{", "}", "|": return true
        default: return false
        }
    }

    private static func isQuantifier(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "?", "*", "+", "{": return true
        default: return false
        }
    }

    /// The words of a group whose every alternative is plain literal text (`(?:share|tweet)`,
    /// `(?i:by|von)`, `(a|b)`), or nil: look-arounds, nested groups, classes, escapes other than
    /// escaped punctuation and word boundaries, quantifiers and empty alternatives give none.
    private static func plainAlternatives(_ chars: [Unicode.Scalar], open: Int, close: Int) -> [String]? {
        var body = open + 1
        if body < close && chars[body] == "?" {
            body += 1
            while body < close && (chars[body].isLetter || chars[body] == "-") { body += 1 }  // flags
            guard body < close && chars[body] == ":" else { return nil }  // look-around, atomic, …
            body += 1
        }
        var words: [String] = []
        guard let alternatives = RegexSyntax.alternatives(chars, from: body, to: close) else { return nil }
        for alternative in alternatives {
            let (start, end) = (alternative.lowerBound, alternative.upperBound)
            var word = ""
            var i = start
            while i < end {
                var c = chars[i]
                if c == "\\" {
                    guard i + 1 < end else { return nil }
                    c = chars[i + 1]
                    if c == "b" || c == "B" { i += 2; continue }
                    guard !c.isLetter, !c.isNumber else { return nil }
                    i += 1
                } else if isSyntax(c) {
                    return nil
                }
                if i + 1 < end && isQuantifier(chars[i + 1]) { return nil }
                word.unicodeScalars.append(c)
                i += 1
            }
            guard !word.isEmpty else { return nil }
            words.append(word)
        }
        return words.count <= maximumAlternatives ? words : nil
    }

    private static func flagsTurnOnFreeSpacing(_ chars: [Unicode.Scalar]) -> Bool {
        var i = 2
        while i < chars.count && chars[i].isLetter {
            if chars[i] == "x" { return true }
            i += 1
        }
        return false
    }
}
