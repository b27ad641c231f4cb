/// A fixed-size copy of an array of plain values, in memory its owner allocates and frees: the
/// hot matching loops read it (and write their per-line flags) with no reference counting and
/// no bounds or uniqueness checks (a Swift array read through a class property is retained and
/// released on every call, and checked for uniqueness on every write).
///
///     let lengths = FixedTable(set.automaton.patternLengths)
///     lengths[3]          // as the array's element 3
///     lengths.deallocate() // by the owner, once
struct FixedTable<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>

    init(_ elements: [Element]) {
        base = .allocate(capacity: Swift.max(1, elements.count))
        base.initialize(from: elements, count: elements.count)
    }

    /// Element `i`; written only by its owner's thread (per-line flags).
    @inline(__always)
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    func deallocate() { base.deallocate() }
}
