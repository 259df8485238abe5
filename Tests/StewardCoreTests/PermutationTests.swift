import StewardCore
import StewardTestSupport
import Testing

@Suite struct PermutationTests {
    @Test func anyOrderIsReachedInPlace() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 10, 1_000] {
            let values = (0..<count).map { "value \($0)" }
            let order = Array((0..<count).shuffled(using: &generator))
            var permuted = values
            permuted.withUnsafeMutableBufferPointer { buffer in Permutation.apply(order) { buffer.swapAt($0, $1) } }
            #expect(permuted == order.map { values[$0] }, "\(count) values")
        }
    }
}

/// Counting into buckets, then ordering each bucket, gives what a stable sort by (bucket, key) gives.
@Suite struct BucketOrderTests {
    @Test func countingGivesTheStableSortByBucketThenKey() {
        var generator = SplitMix64(seed: 5)
        for (count, buckets) in [(0, 1), (1, 1), (50, 3), (2_000, 400), (2_000, 5_000)] {
            let bucket = (0..<count).map { _ in Int.random(in: 0..<buckets, using: &generator) }
            let key = (0..<count).map { _ in Int.random(in: 0..<4, using: &generator) }
            let order = BucketOrder.order(count: count, buckets: buckets, bucket: { bucket[$0] }, precedes: { key[$0] < key[$1] })
            let expected = (0..<count).sorted { (bucket[$0], key[$0], $0) < (bucket[$1], key[$1], $1) }
            #expect(order == expected, "\(count) items in \(buckets) buckets")
        }
    }
}
