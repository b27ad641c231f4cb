#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An Aho-Corasick automaton over bytes: finds every occurrence of many phrases in one pass
/// over a line's folded key, so hundreds of phrase rules cost about as much as one.
///
/// Building it is cheap (a trie and its failure links, linear in the phrases' length), so
/// start-up stays fast with thousands of rules. Matching runs on a dense transition table over
/// byte classes (bytes that no phrase uses share one class), which each thread's `Scanner`
/// fills lazily as states and bytes are met, in zero-filled memory the system maps in only
/// when touched. An entry holds the next state's row, negated when that state ends a phrase:
/// matching costs two loads and a sign test per byte.
///
///     let automaton = PhraseAutomaton(patterns: [Array("leave a reply".utf8), Array("reply".utf8)])
///     let scanner = PhraseAutomaton.Scanner(automaton)
///     scanner.forEachMatch(in: key) { pattern, end in … } // (0, 13) and (1, 13) for "leave a reply"
public struct PhraseAutomaton: Sendable {
    let classOf: [UInt8]  // byte -> class
    let classCount: Int
    let stateCount: Int
    /// The trie: the root's children densely, other states' children as linked edges.
    private let rootChild: [Int32]  // class -> state, or 0
    private let edgeHead: [Int32]  // state -> first edge, or -1
    private let edgeNext: [Int32]
    private let edgeClass: [UInt8]
    private let edgeTarget: [Int32]
    let fail: [Int32]
    /// The patterns ending at each state itself: `ownOutputs[ownStart[s] ..< ownStart[s + 1]]`.
    let ownStart: [Int32]
    let ownOutputs: [Int32]
    /// The nearest state down the failure chain that has outputs of its own, or -1.
    let outputLink: [Int32]
    /// True when a state ends a pattern, itself or down its failure chain.
    let hasOutput: [Bool]
    /// The length of the text each state stands for (its depth in the trie).
    let depth: [Int32]
    /// The length in bytes of each pattern.
    public let patternLengths: [Int]

    public init(patterns: [[UInt8]]) {
        patternLengths = patterns.map(\.count)
        // Byte classes: each byte used by a pattern gets its own class; the rest share class 0.
        var classOf = [UInt8](repeating: 0, count: 256)
        var next = 1
        for pattern in patterns {
            for b in pattern where classOf[Int(b)] == 0 && next < 256 {
                classOf[Int(b)] = UInt8(next)
                next += 1
            }
        }
        if next >= 256 { classOf = (0..<256).map { UInt8($0) }; next = 256 }
        let classCount = next

        var rootChild = [Int32](repeating: 0, count: classCount)
        var edgeHead: [Int32] = [-1]
        var edgeNext: [Int32] = [], edgeClass: [UInt8] = [], edgeTarget: [Int32] = []
        var terminal: [[Int32]] = [[]]
        var depth: [Int32] = [0]
        func child(_ s: Int, _ c: UInt8) -> Int32? {
            Self.child(s, Int(c), rootChild, edgeHead, edgeNext, edgeClass, edgeTarget).map { Int32($0) }
        }
        for (id, pattern) in patterns.enumerated() {
            var state = 0
            for b in pattern {
                let c = classOf[Int(b)]
                if let t = child(state, c) {
                    state = Int(t)
                    continue
                }
                let t = Int32(edgeHead.count)
                edgeHead.append(-1)
                terminal.append([])
                depth.append(depth[state] + 1)
                if state == 0 {
                    rootChild[Int(c)] = t
                } else {
                    edgeNext.append(edgeHead[state])
                    edgeClass.append(c)
                    edgeTarget.append(t)
                    edgeHead[state] = Int32(edgeTarget.count - 1)
                }
                state = Int(t)
            }
            terminal[state].append(Int32(id))
        }

        // Failure links, breadth first.
        let stateCount = edgeHead.count
        var fail = [Int32](repeating: 0, count: stateCount)
        var order: [Int] = rootChild.filter { $0 > 0 }.map(Int.init)
        var head = 0
        while head < order.count {
            let s = order[head]
            head += 1
            var e = edgeHead[s]
            while e >= 0 {
                let c = edgeClass[Int(e)], t = Int(edgeTarget[Int(e)])
                var f = Int(fail[s])
                while true {
                    if let g = child(f, c) { fail[t] = g; break }
                    if f == 0 { fail[t] = 0; break }
                    f = Int(fail[f])
                }
                order.append(t)
                e = edgeNext[Int(e)]
            }
        }
        var ownStart = [Int32](repeating: 0, count: stateCount + 1)
        var ownOutputs: [Int32] = []
        for s in 0..<stateCount {
            ownStart[s] = Int32(ownOutputs.count)
            ownOutputs += terminal[s]
        }
        ownStart[stateCount] = Int32(ownOutputs.count)
        var outputLink = [Int32](repeating: -1, count: stateCount)
        for s in order {  // breadth first: a state's failure target is settled before it
            let f = Int(fail[s])
            outputLink[s] = terminal[f].isEmpty ? outputLink[f] : Int32(f)
        }

        self.classOf = classOf
        self.classCount = classCount
        self.stateCount = stateCount
        self.rootChild = rootChild
        self.edgeHead = edgeHead
        self.edgeNext = edgeNext
        self.edgeClass = edgeClass
        self.edgeTarget = edgeTarget
        self.fail = fail
        self.ownStart = ownStart
        self.ownOutputs = ownOutputs
        self.outputLink = outputLink
        self.hasOutput = (0..<stateCount).map { !terminal[$0].isEmpty || outputLink[$0] >= 0 }
        self.depth = depth
    }

    /// The trie child of state `s` by class `c`, or nil.
    func child(_ s: Int, _ c: Int) -> Int? {
        Self.child(s, c, rootChild, edgeHead, edgeNext, edgeClass, edgeTarget)
    }

    private static func child(_ s: Int, _ c: Int, _ rootChild: [Int32], _ edgeHead: [Int32], _ edgeNext: [Int32],
                              _ edgeClass: [UInt8], _ edgeTarget: [Int32]) -> Int? {
        if s == 0 { let t = rootChild[c]; return t > 0 ? Int(t) : nil }
        var e = edgeHead[s]
        while e >= 0 {
            if Int(edgeClass[Int(e)]) == c { return Int(edgeTarget[Int(e)]) }
            e = edgeNext[Int(e)]
        }
        return nil
    }

    /// Runs an automaton over text for one thread, filling its transition table as it goes.
    public final class Scanner {
        public let automaton: PhraseAutomaton
        private let table: UnsafeMutablePointer<Int32>  // 0: not yet known
        private let classOf: UnsafeMutablePointer<UInt8>

        public init(_ automaton: PhraseAutomaton) {
            self.automaton = automaton
            let size = Swift.max(1, automaton.stateCount * automaton.classCount)
            table = calloc(size, MemoryLayout<Int32>.size)!.assumingMemoryBound(to: Int32.self)
            classOf = .allocate(capacity: 256)
            classOf.initialize(from: automaton.classOf, count: 256)
        }

        deinit {
            free(table)
            classOf.deallocate()
        }

        /// Calls `body(pattern, end)` for every occurrence, `end` being the offset just past it,
        /// in no particular order.
        ///
        /// The table lookups of one text form a chain, each waiting for the last; a long text
        /// is therefore scanned as two halves at once, so that two chains overlap. The second
        /// starts `splitOverlap` bytes before the middle and reports what ends past it; the
        /// first reports what ends up to the middle, then goes on while a match it is inside
        /// could have begun before the second started (the state's depth says how far back
        /// that can be), reporting only those.
        @inline(__always)
        public func forEachMatch(in text: UnsafeRawBufferPointer, _ body: (Int, Int) -> Void) {
            guard !automaton.patternLengths.isEmpty, let bytes = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                return
            }
            let n = text.count
            guard n >= Self.splitLength else {
                var row = 0
                scan(bytes, from: 0, to: n, row: &row, body)
                return
            }
            let middle = n / 2
            let secondStart = middle - Self.splitOverlap
            var (rowA, rowB) = (0, 0)
            var (i, j) = (0, secondStart)
            while i < middle {
                advancePair(bytes, &i, to: middle, &rowA, &j, to: n, &rowB)
                if i < middle { rowA = step(bytes, at: i, row: rowA, body); i &+= 1 }
                if j < n {
                    rowB = step(bytes, at: j, row: rowB) { pattern, end in if end > middle { body(pattern, end) } }
                    j &+= 1
                }
            }
            scan(bytes, from: j, to: n, row: &rowB) { pattern, end in if end > middle { body(pattern, end) } }
            let (lengths, depth, classCount) = (automaton.patternLengths, automaton.depth, automaton.classCount)
            while i < n && Int(depth[rowA / classCount]) > i - secondStart {
                rowA = step(bytes, at: i, row: rowA) { pattern, end in
                    if end - lengths[pattern] < secondStart { body(pattern, end) }
                }
                i &+= 1
            }
        }

        /// Texts from this length on are scanned as two halves.
        static let splitLength = 96
        /// How far before the middle the second half starts: past most patterns' length, so
        /// that the first half rarely goes on beyond the middle.
        static let splitOverlap = 24

        /// Scans `bytes[from..<to]` from `row`, reporting every occurrence that ends there.
        @inline(__always)
        private func scan(_ bytes: UnsafePointer<UInt8>, from: Int, to end: Int, row: inout Int,
                          _ body: (Int, Int) -> Void) {
            var i = from
            while true {
                i = advance(bytes, from: i, count: end, row: &row)
                guard i < end else { return }
                row = step(bytes, at: i, row: row, body)
                i &+= 1
            }
        }

        /// Moves from `row` over byte `i`, reporting the occurrences that end with it; returns
        /// the new row.
        @inline(__always)
        private func step(_ bytes: UnsafePointer<UInt8>, at i: Int, row: Int, _ body: (Int, Int) -> Void) -> Int {
            let classCount = automaton.classCount
            let c = Int(classOf[Int(bytes[i])])
            var next = table[row &+ c]
            if next == 0 { next = resolve(row / classCount, c) }
            if next > 0 { return Int(next) &- 1 }
            let newRow = Int(-next) &- 1
            var state = newRow / classCount
            while state >= 0 {
                for k in Int(automaton.ownStart[state])..<Int(automaton.ownStart[state + 1]) {
                    body(Int(automaton.ownOutputs[k]), i &+ 1)
                }
                state = Int(automaton.outputLink[state])
            }
            return newRow
        }

        /// Follows known transitions that lead to no output from `row`, from byte `i` on, and
        /// returns where it stopped: at the end, or at a byte whose transition is unknown yet
        /// or reaches an output. Kept apart so that its few values stay in registers: each
        /// byte costs one dependent load.
        @inline(never)
        private func advance(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, row: inout Int) -> Int {
            // Entries hold row + 1, so the loop carries the entry itself and reads one slot
            // before the table: no subtraction on the dependent chain.
            let (before, classOf) = (table - 1, classOf)
            var entry = row &+ 1
            var i = start
            while i < count {
                let next = before[entry &+ Int(classOf[Int(bytes[i])])]
                if next <= 0 { break }
                entry = Int(next)
                i &+= 1
            }
            row = entry &- 1
            return i
        }

        /// `advance` for two chains at once, in step, until either needs more than a known
        /// transition without output or reaches its end.
        @inline(never)
        private func advancePair(_ bytes: UnsafePointer<UInt8>, _ i: inout Int, to endA: Int, _ rowA: inout Int,
                                 _ j: inout Int, to endB: Int, _ rowB: inout Int) {
            let (before, classOf) = (table - 1, classOf)
            var (a, b) = (rowA &+ 1, rowB &+ 1)
            var (x, y) = (i, j)
            while x < endA && y < endB {
                let nextA = before[a &+ Int(classOf[Int(bytes[x])])]
                let nextB = before[b &+ Int(classOf[Int(bytes[y])])]
                if nextA <= 0 || nextB <= 0 { break }
                a = Int(nextA)
                b = Int(nextB)
                x &+= 1
                y &+= 1
            }
            (rowA, rowB, i, j) = (a &- 1, b &- 1, x, y)
        }

        /// The table entry for state `s` and class `c`, computed and stored on first use.
        private func resolve(_ s: Int, _ c: Int) -> Int32 {
            let index = s * automaton.classCount + c
            if table[index] != 0 { return table[index] }
            let target: Int
            if let t = automaton.child(s, c) {
                target = t
            } else if s == 0 {
                target = 0
            } else {
                let viaFailure = resolve(Int(automaton.fail[s]), c)
                target = Int(viaFailure > 0 ? viaFailure : -viaFailure) - 1
                table[index] = viaFailure
                return viaFailure
            }
            let row = Int32(target * automaton.classCount) + 1
            table[index] = automaton.hasOutput[target] ? -row : row
            return table[index]
        }
    }
}
