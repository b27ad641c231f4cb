/// The `strip` and `replace` actions: edit text inside a line rather than remove lines.
///
/// `strip` removes every match (with `sentence`, the sentence that holds it), then tidies the
/// seams: a run of spaces left behind becomes one, and spaces at the ends go.
///
///     strip ~ Liked it\? Take a second to support .{1,80}? on Patreon!
///     "Iran views the valley as vital. Liked it? Take a second to support X on Patreon!"
///       → "Iran views the valley as vital."
///
/// `replace` puts the rule's replacement in place of every match:
///
///     replace ~ \s*\(opens in new window\) =>
///     "Read the report (opens in new window) here" → "Read the report here"
struct LineEdit {
    private let scratch = ByteBuffer(capacity: 4096)

    /// Applies rule `r` to `line`, writing the result to `out` and the removed bytes to `removed`.
    /// Returns false when the rule's regex finds nothing (or times out): `out` is then untouched.
    func apply(rule r: Int, of matcher: RuleMatcher, to line: UnsafeRawBufferPointer,
               into out: ByteBuffer, removed: ByteBuffer) -> Bool {
        let rule = matcher.set.rules[r]
        var replacement = rule.replacement ?? ""
        scratch.removeAll()
        var from = 0
        var copied = 0
        var acted = false
        while from <= line.count, case .match(var range) = matcher.find(rule: r, in: line, from: from) {
            if range.isEmpty {  // an empty match removes nothing: step past it
                from = range.upperBound + 1
                continue
            }
            if rule.options.sentence { range = Self.sentence(around: range, in: line) }
            if range.lowerBound < copied { range = copied..<max(copied, range.upperBound) }
            scratch.append(UnsafeRawBufferPointer(rebasing: line[copied..<range.lowerBound]))
            if !removed.bytes.isEmpty { removed.append(0x20) }
            removed.append(UnsafeRawBufferPointer(rebasing: line[range]))
            if rule.action == .replace {
                replacement.withUTF8 { scratch.append($0.baseAddress!, count: $0.count) }
            }
            copied = range.upperBound
            from = range.upperBound
            acted = true
            if from >= line.count { break }
        }
        guard acted else { return false }
        scratch.append(UnsafeRawBufferPointer(rebasing: line[copied...]))
        Self.tidySpaces(scratch.bytes, into: out)
        return true
    }

    /// Copies `bytes` with runs of spaces made one and the ends trimmed.
    static func tidySpaces(_ bytes: UnsafeRawBufferPointer, into out: ByteBuffer) {
        out.removeAll()
        var pending = false
        for b in bytes {
            if b == 0x20 {
                pending = out.count > 0
            } else {
                if pending { out.append(0x20); pending = false }
                out.append(b)
            }
        }
    }

    /// Widens `range` to the sentence that holds it: from just after the previous sentence end
    /// (`.`, `!`, `?`, `…`, `。`, `！`, `？` followed by a space) to just after the next one
    /// (with closing quotes and brackets), or to the line's ends.
    static func sentence(around range: Range<Int>, in line: UnsafeRawBufferPointer) -> Range<Int> {
        var start = range.lowerBound
        while start > 0 {
            if line[start - 1] == 0x20, let end = terminatorEnd(before: start - 1, in: line), end == start - 1 { break }
            start -= 1
        }
        var end = range.upperBound
        if terminatorEnd(before: end, in: line) != end {
            var i = end
            while i < line.count {
                if let length = terminatorLength(at: i, in: line) {
                    end = i + length
                    while end < line.count, [0x22, 0x27, 0x29, 0x5D].contains(line[end]) { end += 1 }
                    break
                }
                i += 1
                end = i
            }
        }
        return start..<end
    }

    /// If a sentence terminator ends exactly at `position`, returns `position`.
    private static func terminatorEnd(before position: Int, in line: UnsafeRawBufferPointer) -> Int? {
        for length in [1, 3] where position - length >= 0 {
            if terminatorLength(at: position - length, in: line) == length { return position }
        }
        return nil
    }

    /// The byte length of the sentence terminator at `i`, if one starts there.
    private static func terminatorLength(at i: Int, in line: UnsafeRawBufferPointer) -> Int? {
        let b = line[i]
        if b == 0x2E || b == 0x21 || b == 0x3F { return 1 }
        guard i + 2 < line.count else { return nil }
        let (b1, b2) = (line[i + 1], line[i + 2])
        if b == 0xE2 && b1 == 0x80 && b2 == 0xA6 { return 3 }  // …
        if b == 0xE3 && b1 == 0x80 && b2 == 0x82 { return 3 }  // 。
        if b == 0xEF && b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F) { return 3 }  // ！ ？
        return nil
    }
}
