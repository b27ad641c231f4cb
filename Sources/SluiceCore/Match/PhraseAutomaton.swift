/// An Aho-Corasick automaton over bytes: finds every occurrence of many phrases in one pass
/// over a line's folded key, so hundreds of phrase rules cost about as much as one.
///
/// The automaton is compiled to a dense table over byte classes (bytes that no phrase uses
/// share one class). Each entry holds the next state's row offset, negated (bitwise) when that
/// state ends a phrase, so matching costs two loads and a sign test per byte.
///
///     let automaton = PhraseAutomaton(patterns: [Array("leave a reply".utf8), Array("reply".utf8)])
///     automaton.forEachMatch(in: key) { pattern, end in … } // (0, 13) and (1, 13) for "leave a reply"
public struct PhraseAutomaton: Sendable {
    private let classOf: [UInt8]  // byte -> class
    private let classCount: Int
    private let transitions: [Int32]  // row + class -> next row, or ~next row when it has outputs
    private let outputStart: [Int32]  // state -> first index into outputs; outputStart[state+1] ends it
    private let outputs: [Int32]  // pattern ids
    /// The length in bytes of each pattern.
    public let patternLengths: [Int]

    public init(patterns: [[UInt8]]) {
        patternLengths = patterns.map(\.count)
        // Byte classes: each byte used by a pattern gets its own class; the rest share class 0.
        var classOf = [UInt8](repeating: 0, count: 256)
        var next = 1
        for pattern in patterns {
            for b in pattern where classOf[Int(b)] == 0 {
                classOf[Int(b)] = UInt8(truncatingIfNeeded: next)
                next += 1
            }
        }
        let classCount: Int
        if next > 256 {
            // Too many distinct bytes for one-byte class ids: give every byte its own class.
            classOf = (0..<256).map { UInt8($0) }
            classCount = 256
        } else {
            classCount = next
        }

        // The trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
        var terminal: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() {
            var state = 0
            for b in pattern {
                let c = Int(classOf[Int(b)])
                if goto[state][c] < 0 {
                    goto[state][c] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: classCount))
                    terminal.append([])
                }
                state = Int(goto[state][c])
            }
            terminal[state].append(Int32(id))
        }

        // Failure links, breadth first, turning the trie into a complete transition table.
        let stateCount = goto.count
        var fail = [Int32](repeating: 0, count: stateCount)
        var table = [Int32](repeating: 0, count: stateCount * classCount)
        var order: [Int] = []
        order.reserveCapacity(stateCount)
        for c in 0..<classCount {
            let s = goto[0][c]
            if s > 0 {
                table[c] = s
                fail[Int(s)] = 0
                order.append(Int(s))
            }
        }
        var head = 0
        while head < order.count {
            let state = order[head]
            head += 1
            terminal[state] += terminal[Int(fail[state])]
            for c in 0..<classCount {
                let s = goto[state][c]
                if s > 0 {
                    fail[Int(s)] = table[Int(fail[state]) * classCount + c]
                    table[state * classCount + c] = s
                    order.append(Int(s))
                } else {
                    table[state * classCount + c] = table[Int(fail[state]) * classCount + c]
                }
            }
        }

        var outputStart = [Int32](repeating: 0, count: stateCount + 1)
        var outputs: [Int32] = []
        for state in 0..<stateCount {
            outputStart[state] = Int32(outputs.count)
            outputs += terminal[state]
        }
        outputStart[stateCount] = Int32(outputs.count)
        for i in table.indices {
            let target = Int(table[i])
            let row = Int32(target * classCount)
            table[i] = terminal[target].isEmpty ? row : ~row
        }

        self.classOf = classOf
        self.classCount = classCount
        self.transitions = table
        self.outputStart = outputStart
        self.outputs = outputs
    }

    /// Calls `body(pattern, end)` for every occurrence, `end` being the offset just past it.
    @inline(__always)
    public func forEachMatch(in text: UnsafeRawBufferPointer, _ body: (Int, Int) -> Void) {
        guard !patternLengths.isEmpty, let bytes = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        classOf.withUnsafeBufferPointer { classOf in
            transitions.withUnsafeBufferPointer { table in
                let classOf = classOf.baseAddress!, table = table.baseAddress!
                var row = 0
                for i in 0..<text.count {
                    let next = table[row + Int(classOf[Int(bytes[i])])]
                    if next >= 0 {
                        row = Int(next)
                        continue
                    }
                    row = Int(~next)
                    let state = row / classCount
                    for k in Int(outputStart[state])..<Int(outputStart[state + 1]) { body(Int(outputs[k]), i + 1) }
                }
            }
        }
    }
}
