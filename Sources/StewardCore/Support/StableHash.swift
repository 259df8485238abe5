/// FNV-1a, 64 bit: a stable, dependency-free fingerprint (not for security) of policy text and keys.
public struct StableHash: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts an empty hash.
    public init() {}

    /// Mixes in the UTF-8 bytes of `text`, then a separator so that ("ab","c") differs from ("a","bc").
    public mutating func combine(_ text: String) {
        for byte in text.utf8 {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01B3
        }
        state ^= 0xFF
        state &*= 0x0000_0100_0000_01B3
    }

    /// The hash as 16 lower-case hex digits.
    public var hex: String {
        let text = String(state, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
