/// Small readings of ICU regular-expression syntax shared by the prefilters that look into a
/// rule's pattern (`RequiredLiteral`, `LeadingGate`). Patterns are read as arrays of Unicode
/// scalars (reading them as `Character`s, grapheme by grapheme, costs start-up time).
///
///     RegexSyntax.skipQuantifier(Array("a{2,3}?b"), from: 1)  // 7: the index of "b"
///     RegexSyntax.closing(Array("(a[)]b)c"), from: 0)          // 6: the ")" that closes the group
enum RegexSyntax {
    /// The index just past the quantifier (with its lazy or possessive mark) at `start`, or
    /// `start` when none stands there.
    static func skipQuantifier(_ chars: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        guard i < chars.count else { return i }
        if chars[i] == "{" {
            while i < chars.count && chars[i] != "}" { i += 1 }
            i += 1
        } else if "?*+".unicodeScalars.contains(chars[i]) {
            i += 1
        } else {
            return i
        }
        if i < chars.count && (chars[i] == "?" || chars[i] == "+") { i += 1 }  // lazy or possessive
        return i
    }

    /// Whether the quantifier at `i` (if any) lets the element before it match nothing: `?`,
    /// `*`, `{0,…}`.
    static func isOptional(_ chars: [Unicode.Scalar], quantifierAt i: Int) -> Bool {
        guard i < chars.count else { return false }
        switch chars[i] {
        case "?", "*": return true
        case "{": return i + 1 < chars.count && chars[i + 1] == "0"
        default: return false
        }
    }

    /// The bounds of the `|`-separated alternatives of `chars[start..<end]` at its own level
    /// (a `|` inside a group or a class separates nothing here), or nil when a group or class
    /// there does not close.
    ///
    ///     alternatives(Array("a|(b|c)|[|]"), from: 0, to: 11)  // [0..<1, 2..<7, 8..<11]
    static func alternatives(_ chars: [Unicode.Scalar], from start: Int, to end: Int) -> [Range<Int>]? {
        var result: [Range<Int>] = []
        var from = start
        var i = start
        while i < end {
            switch chars[i] {
            case "\\":
                i += 2
                continue
            case "(", "[":
                guard let close = closing(chars, from: i) else { return nil }
                i = close + 1
                continue
            case "|":
                result.append(from..<i)
                from = i + 1
            default:
                break
            }
            i += 1
        }
        result.append(from..<end)
        return result
    }

    /// The index of the delimiter that closes the `(` or `[` at `start`, skipping escapes (and,
    /// inside a group, whole character classes, whose `)` is literal).
    static func closing(_ chars: [Unicode.Scalar], from start: Int) -> Int? {
        let open = chars[start]
        let close: Unicode.Scalar = open == "(" ? ")" : "]"
        var depth = 0
        var i = start
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                i += 2
                continue
            }
            if open == "(" && c == "[" {
                guard let end = closing(chars, from: i) else { return nil }
                i = end + 1
                continue
            }
            if c == open {
                depth += 1
            } else if c == close {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }
}

extension Unicode.Scalar {
    /// Alphabetic: what the pattern readings take for a letter (as `Character.isLetter` does).
    var isLetter: Bool { properties.isAlphabetic }
    /// Has a numeric value (as `Character.isNumber`).
    var isNumber: Bool { properties.numericType != nil }
}
