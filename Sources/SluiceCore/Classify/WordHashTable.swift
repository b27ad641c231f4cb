/// An open-addressing table from word hashes (`StopwordTable.hash`: a word's code points,
/// lowercased) to values, probed linearly. It serves the stoplists (language bits per word) and
/// the lexicon (a noise score per word): `LineScan` looks every word of a line up in both by the
/// hash it computes as it reads the word, with no copy of the word.
///
///     var table = WordHashTable<UInt16>(placeholder: 0)
///     table.insert(StopwordTable.hash(of: "die"), 1 << 2) { $0 | $1 }
///     table.insert(StopwordTable.hash(of: "die"), 1 << 0) { $0 | $1 }
///     table.value(StopwordTable.hash(of: "Die"))   // 0b101
///     table.value(StopwordTable.hash(of: "the"))   // nil
///
/// Keys and values sit side by side, so a probe touches one cache line; the table doubles when
/// it is half full.
struct WordHashTable<Value: Sendable>: Sendable {
    private struct Slot: Sendable {
        var key: UInt64
        var value: Value
    }

    /// Key 0 marks an empty slot (whose value is the placeholder).
    private var slots: [Slot]
    private var mask: Int
    private let placeholder: Value
    /// The number of words.
    private(set) var count = 0

    /// An empty table; `placeholder` fills the empty slots and is never returned.
    init(placeholder: Value) {
        self.placeholder = placeholder
        slots = [Slot](repeating: Slot(key: 0, value: placeholder), count: 64)
        mask = 63
    }

    /// The stored key for hash `h`: 0 marks an empty slot, so a hash of 0 is stored as 1.
    @inline(__always)
    private static func key(_ h: UInt64) -> UInt64 { h == 0 ? 1 : h }

    /// Where the probe for key `k` starts: its low bits (the hash's last step is a multiply,
    /// which mixes them well enough for these tables).
    @inline(__always)
    private static func slot(_ k: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: k) & mask }

    /// Stores `value` for hash `h`; when `h` is there already, stores `combine(old, value)`.
    mutating func insert(_ h: UInt64, _ value: Value, combine: (Value, Value) -> Value) {
        if 2 * (count + 1) > slots.count { grow() }
        let k = Self.key(h)
        var i = Self.slot(k, mask)
        while slots[i].key != 0 && slots[i].key != k { i = (i + 1) & mask }
        if slots[i].key == 0 {
            count += 1
            slots[i] = Slot(key: k, value: value)
        } else {
            slots[i].value = combine(slots[i].value, value)
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, value: placeholder), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for s in old where s.key != 0 { insert(s.key, s.value) { _, new in new } }
    }

    /// The value stored for hash `h`, nil when there is none.
    @inline(__always)
    func value(_ h: UInt64) -> Value? {
        let k = Self.key(h)
        var i = Self.slot(k, mask)
        return slots.withUnsafeBufferPointer { p in
            while true {
                let s = p[i]
                if s.key == k { return s.value }
                if s.key == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }
}
