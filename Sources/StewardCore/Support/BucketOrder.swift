/// An order of items by a dense integer bucket, then within each bucket by a secondary key, worked out by
/// counting rather than comparing: for findings bucketed by definition, whose buckets hold a few items each.
/// The result is positions, as ``Permutation/apply(_:swap:)`` takes them, so the items move in place.
public enum BucketOrder {
    /// `order[i]` is the index of the item that belongs at `i`: items by `bucket(item)` (in `0..<buckets`),
    /// each bucket by `precedes`, items that neither precedes keeping their order.
    public static func order(count: Int, buckets: Int, bucket: (Int) -> Int, precedes: (Int, Int) -> Bool) -> [Int] {
        // starts[b] is where bucket b begins once the sizes are summed.
        var starts = [Int](repeating: 0, count: buckets + 1)
        for item in 0..<count { starts[bucket(item) + 1] += 1 }
        for slot in 0..<buckets { starts[slot + 1] += starts[slot] }
        var order = [Int](repeating: 0, count: count)
        order.withUnsafeMutableBufferPointer { order in
            var next = starts
            for item in 0..<count {
                let slot = bucket(item)
                order[next[slot]] = item
                next[slot] += 1
            }
            // Each bucket by insertion: buckets are short.
            for slot in 0..<buckets where starts[slot + 1] - starts[slot] > 1 {
                for position in (starts[slot] + 1)..<starts[slot + 1] {
                    let moving = order[position]
                    var hole = position
                    while hole > starts[slot], precedes(moving, order[hole - 1]) {
                        order[hole] = order[hole - 1]
                        hole -= 1
                    }
                    order[hole] = moving
                }
            }
        }
        return order
    }
}
