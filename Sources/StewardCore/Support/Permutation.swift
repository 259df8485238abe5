/// Puts a collection in a new order in place, cycle by cycle, with swaps: `order[i]` is the current
/// index of the element that belongs at `i`. Through buffer pointers the swaps move values (no retain per
/// field), so a million definitions or findings are never held twice to be sorted.
public enum Permutation {
    /// Calls `swap(a, b)` for each swap that takes the elements to `order`.
    public static func apply(_ order: [Int], swap: (Int, Int) -> Void) {
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            var current = start
            while true {
                placed[current] = true
                let next = order[current]
                if next == start { break }
                swap(current, next)
                current = next
            }
        }
    }
}
