extension UnsafeBufferPointer<UInt8> {
    /// Calls `body` with the range of each line of the text, in order: split at every `\n`
    /// (left out; a `\r` before it stays in the line), the text after the last `\n` being a line
    /// too, even when empty. The rule and line-model file parsers read their text this way,
    /// with no `String` per line.
    ///
    ///     "a\r\nb\n".utf8 → 0..<2, 3..<4, 5..<5
    func forEachLineRange(_ body: (Range<Int>) throws -> Void) rethrows {
        var start = 0
        while start <= count {
            var end = start
            while end < count && self[end] != 0x0A { end += 1 }
            try body(start..<end)
            start = end + 1
        }
    }
}
