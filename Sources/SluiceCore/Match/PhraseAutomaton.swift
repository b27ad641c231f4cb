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
    /// The length in bytes of each pattern.
    public let patternLengths: [Int]

    /// The byte that ends each key of a text holding several (see `Scanner.forEachMatch`).
    public static let separator: UInt8 = 0x0A

    /// - Precondition: no pattern holds `separator`.
    public init(patterns: [[UInt8]]) {
        precondition(!patterns.contains { $0.contains(Self.separator) }, "a phrase pattern holds the key separator")
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
        /// The chains run in lockstep, and the matches each finds (reported lane by lane).
        private let lanes: UnsafeMutablePointer<Lane>
        private let hits: UnsafeMutablePointer<PatternHits>
        /// Separator bytes for lanes that have finished to read while the others go on.
        private let idle: UnsafeMutablePointer<UInt8>

        public init(_ automaton: PhraseAutomaton) {
            self.automaton = automaton
            let size = Swift.max(1, automaton.stateCount * automaton.classCount)
            table = calloc(size, MemoryLayout<Int32>.size)!.assumingMemoryBound(to: Int32.self)
            classOf = .allocate(capacity: 256)
            classOf.initialize(from: automaton.classOf, count: 256)
            lanes = .allocate(capacity: Self.laneCount)
            hits = .allocate(capacity: Self.laneCount)
            hits.initialize(from: (0..<Self.laneCount).map { _ in PatternHits() }, count: Self.laneCount)
            idle = .allocate(capacity: Self.idleLength)
            idle.initialize(repeating: PhraseAutomaton.separator, count: Self.idleLength)
            // Idle lanes read separators at the root without stopping: that entry is known.
            _ = resolve(0, Int(classOf[Int(PhraseAutomaton.separator)]))
        }

        deinit {
            free(table)
            classOf.deallocate()
            lanes.deallocate()
            idle.deallocate()
            for k in 0..<Self.laneCount { hits[k].deallocate() }
            hits.deallocate()
        }

        /// Calls `body(pattern, end)` for every occurrence, `end` being the offset just past it,
        /// in increasing order of `end`.
        ///
        /// `text` may hold many keys, each followed by `PhraseAutomaton.separator`, which no
        /// pattern holds: the automaton is back at its root after each, so no match spans two.
        /// The table lookups of one chain each wait for the last; a text of several keys is
        /// therefore cut at separators into `laneCount` stretches whose chains run in lockstep
        /// (their loads overlap), and their matches are reported stretch by stretch.
        @inline(__always)
        public func forEachMatch(in text: UnsafeRawBufferPointer, _ body: (Int, Int) -> Void) {
            guard !automaton.patternLengths.isEmpty, let bytes = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                return
            }
            let n = text.count
            // Stretches of about equal length, each ending just after a separator.
            var count = 0
            var start = 0
            if n >= Self.laneCount * Self.shortestLane {
                for k in 1..<Self.laneCount {
                    let from = Swift.max(n * k / Self.laneCount, start)
                    guard let found = memchr(bytes + from, Int32(PhraseAutomaton.separator), n - from) else { break }
                    let cut = bytes.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    guard cut < n else { break }
                    lanes[count] = Lane(next: start, end: cut, entry: 1)
                    count += 1
                    start = cut
                }
            }
            guard count > 0 else {
                var row = 0
                scan(bytes, from: 0, to: n, row: &row, body)
                return
            }
            lanes[count] = Lane(next: start, end: n, entry: 1)
            count += 1
            for k in 0..<Self.laneCount {
                hits[k].removeAll()
                if k >= count { lanes[k] = .idle }
            }
            scanLanes(bytes, active: count)
            for k in 0..<count {
                let (patterns, ends) = (hits[k].patterns, hits[k].ends)
                for h in 0..<hits[k].count { body(patterns[h], ends[h]) }
            }
        }

        /// Texts scanned in lockstep chains.
        static let laneCount = 4
        /// Texts shorter than `laneCount` stretches of this length are scanned as one.
        static let shortestLane = 64
        /// The length of `idle`: a finished lane starts over at its beginning when it gets there.
        static let idleLength = 1024

        /// One chain of `scanLanes`: the next byte to read (an offset in the text, or in `idle`
        /// when `end` is negative), where it stops, and its state's table entry (row + 1).
        private struct Lane {
            var next: Int
            var end: Int
            var entry: Int

            var isIdle: Bool { end < 0 }
            static var idle: Lane { Lane(next: 0, end: -idleLength, entry: 1) }
        }

        /// Runs the chains of `lanes` (`active` of them not idle) to their ends, collecting
        /// their matches in `hits`.
        private func scanLanes(_ bytes: UnsafePointer<UInt8>, active: Int) {
            var active = active
            while active > 0 {
                advanceLanes(bytes)
                // At least one chain stopped: at its end, or at a byte needing more than a
                // known transition without output.
                for k in 0..<Self.laneCount {
                    var lane = lanes[k]
                    if lane.isIdle {
                        if lane.next == Self.idleLength { lane.next = 0 }
                        lanes[k] = lane
                        continue
                    }
                    if lane.next == lane.end {
                        lanes[k] = .idle
                        active -= 1
                        continue
                    }
                    let list = hits + k
                    lane.entry = step(bytes, at: lane.next, row: lane.entry &- 1) { pattern, end in
                        list.pointee.append(pattern, end)
                    } &+ 1
                    lane.next &+= 1
                    lanes[k] = lane
                }
            }
        }

        /// Moves the four chains in step while each has a known transition without output,
        /// and none is at its end.
        @inline(never)
        private func advanceLanes(_ bytes: UnsafePointer<UInt8>) {
            // Entries hold row + 1, so a chain carries the entry itself and reads one slot
            // before the table: no subtraction on the dependent chain.
            let (before, classOf) = (table - 1, classOf)
            let (l0, l1, l2, l3) = (lanes[0], lanes[1], lanes[2], lanes[3])
            @inline(__always) func origin(_ lane: Lane) -> UnsafePointer<UInt8> {
                lane.isIdle ? UnsafePointer(idle) + lane.next : bytes + lane.next
            }
            @inline(__always) func room(_ lane: Lane) -> Int {
                lane.isIdle ? Self.idleLength - lane.next : lane.end - lane.next
            }
            let (p0, p1, p2, p3) = (origin(l0), origin(l1), origin(l2), origin(l3))
            let steps = Swift.min(Swift.min(room(l0), room(l1)), Swift.min(room(l2), room(l3)))
            var (e0, e1, e2, e3) = (l0.entry, l1.entry, l2.entry, l3.entry)
            var i = 0
            while i < steps {
                let n0 = Int(before[e0 &+ Int(classOf[Int(p0[i])])])
                let n1 = Int(before[e1 &+ Int(classOf[Int(p1[i])])])
                let n2 = Int(before[e2 &+ Int(classOf[Int(p2[i])])])
                let n3 = Int(before[e3 &+ Int(classOf[Int(p3[i])])])
                if ((n0 &- 1) | (n1 &- 1) | (n2 &- 1) | (n3 &- 1)) < 0 { break }
                (e0, e1, e2, e3) = (n0, n1, n2, n3)
                i &+= 1
            }
            lanes[0] = Lane(next: l0.next &+ i, end: l0.end, entry: e0)
            lanes[1] = Lane(next: l1.next &+ i, end: l1.end, entry: e1)
            lanes[2] = Lane(next: l2.next &+ i, end: l2.end, entry: e2)
            lanes[3] = Lane(next: l3.next &+ i, end: l3.end, entry: e3)
        }

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

/// Automaton matches, (pattern, end) pairs in the order found, in memory their owner allocates
/// once, reuses, and frees (`deallocate`): no reference counting on the hot path.
struct PatternHits {
    private(set) var patterns: UnsafeMutablePointer<Int>
    private(set) var ends: UnsafeMutablePointer<Int>
    private(set) var count = 0
    private var capacity = 64

    init() {
        patterns = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
    }

    func deallocate() {
        patterns.deallocate()
        ends.deallocate()
    }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(_ pattern: Int, _ end: Int) {
        if count == capacity { grow() }
        patterns[count] = pattern
        ends[count] = end
        count &+= 1
    }

    private mutating func grow() {
        let (oldPatterns, oldEnds) = (patterns, ends)
        capacity *= 2
        patterns = .allocate(capacity: capacity)
        ends = .allocate(capacity: capacity)
        patterns.moveInitialize(from: oldPatterns, count: count)
        ends.moveInitialize(from: oldEnds, count: count)
        oldPatterns.deallocate()
        oldEnds.deallocate()
    }
}
