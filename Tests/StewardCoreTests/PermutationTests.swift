import StewardCore
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
