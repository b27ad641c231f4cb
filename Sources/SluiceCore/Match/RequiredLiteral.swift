/// Finds, in an ICU regular expression, the longest run of literal text that every match must
/// contain, so that the regex runs only on lines whose folded key holds that run's key.
///
///     "Liked it\\? Take a second to support .{1,80} on Patreon!"  →  "liked it take a second to support"
///     "^(Share|Tweet)$"                                         →  nil (no required literal: runs on every line)
///
/// The analysis is conservative: alternation at the top level, `\Q…\E` and free-spacing mode give
/// no literal; groups and character classes break a run; an atom followed by `?`, `*` or `{0,…}`
/// is left out, one followed by `+` or `{n,…}` ends a run.
enum RequiredLiteral {
    /// The folded key of the longest required literal, if it has at least `minimum` bytes.
    static func key(of pattern: String, folder: FoldedKeyBuilder, minimum: Int = 3) -> [UInt8]? {
        var best: [UInt8]? = nil
        for candidate in runs(of: pattern) ?? [] {
            let key = folder.fold(candidate)
            if key.count >= minimum && key.count > (best?.count ?? 0) { best = key }
        }
        return best
    }

    /// The runs of literal text that every match contains, as written in the pattern (escapes
    /// resolved), or nil when the pattern's shape gives none.
    static func runs(of pattern: String) -> [String]? {
        let chars = Array(pattern.unicodeScalars)
        if chars.count >= 3 && chars.starts(with: ["(", "?"]) && flagsTurnOnFreeSpacing(chars) { return nil }
        var runs = Runs()
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "|":
                return nil
            case "(":
                runs.flush()
                guard let close = RegexSyntax.closing(chars, from: i) else { return nil }
                i = RegexSyntax.skipQuantifier(chars, from: close + 1)
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
                guard i + 1 < chars.count else { return nil }
                let escaped = chars[i + 1]
                if escaped == "Q" { return nil }
                if "bBAzZG".unicodeScalars.contains(escaped) { i += 2; continue }  // zero-width: keeps the run
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

    /// Literal runs found so far, and the one being read.
    private struct Runs {
        var done: [String] = []
        var current = ""
        mutating func flush() {
            if !current.isEmpty { done.append(current); current = "" }
        }
    }

    /// Adds the literal `c` to the run, minding a quantifier after it; returns the next index.
    private static func appendAtom(_ c: Unicode.Scalar, next: Int, chars: [Unicode.Scalar], runs: inout Runs) -> Int {
        guard next < chars.count else { runs.current.unicodeScalars.append(c); return next }
        switch chars[next] {
        case "?", "*":
            runs.flush()
            return RegexSyntax.skipQuantifier(chars, from: next)
        case "+":
            runs.current.unicodeScalars.append(c)
            runs.flush()
            return RegexSyntax.skipQuantifier(chars, from: next)
        case "{":
            let minimumIsZero = next + 1 < chars.count && chars[next + 1] == "0"
            if !minimumIsZero { runs.current.unicodeScalars.append(c) }
            runs.flush()
            return RegexSyntax.skipQuantifier(chars, from: next)
        default:
            runs.current.unicodeScalars.append(c)
            return next
        }
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
