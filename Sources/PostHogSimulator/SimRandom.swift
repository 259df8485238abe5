/// SplitMix64: the simulator's deterministic randomness (data, faults, jitter, churn).
struct SimRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// A value for one (seed, counter) pair, independent of every other.
    static func unit(seed: UInt64, counter: UInt64) -> Double {
        var random = SimRandom(seed: seed ^ (counter &* 0xD1B5_4A32_D192_ED03))
        return random.unit()
    }
}
