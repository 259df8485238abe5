/// Some definitions of a larger array, by position, without copying them.
///
/// Collecting rules see the in-scope definitions this way: copying a million definitions per rule would
/// cost more than the rules themselves.
public struct DefinitionSubset: RandomAccessCollection, Sendable {
    /// The whole array.
    public let base: [EventDefinition]
    /// Positions in `base`, or nil for all of it.
    public let positions: [Int]?

    /// All of `definitions`.
    public init(_ definitions: [EventDefinition]) {
        base = definitions
        positions = nil
    }

    /// The definitions of `base` at `positions`, in that order.
    public init(_ base: [EventDefinition], positions: [Int]) {
        self.base = base
        self.positions = positions.count == base.count && positions.elementsEqual(base.indices) ? nil : positions
    }

    /// The first position.
    public var startIndex: Int { 0 }
    /// One past the last position.
    public var endIndex: Int { positions?.count ?? base.count }

    /// The definition at `position`.
    public subscript(position: Int) -> EventDefinition {
        // A borrow, not a copy: rules read one or two fields of each definition.
        _read {
            if let positions { yield base[positions[position]] } else { yield base[position] }
        }
    }
}
