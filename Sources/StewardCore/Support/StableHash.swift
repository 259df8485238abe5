/// FNV-1a, 64 bit: a stable, dependency-free fingerprint (not for security) of policy text and keys.
public struct StableHash: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts an empty hash.
    public init() {}

    /// Mixes in the UTF-8 bytes of `text`, then a separator so that ("ab","c") differs from ("a","bc").
    public mutating func combine(_ text: String) {
        var text = text
        // Over the contiguous bytes: iterating `utf8` costs more than the multiply it feeds.
        text.withUTF8 { combine(contiguous: $0) }
    }

    /// Mixes in an optional text, keeping nil apart from every string (the empty one included).
    public mutating func combine(_ text: String?) {
        guard let text else {
            combine(byte: 0xFE)
            return
        }
        combine(byte: 0x01)
        combine(text)
    }

    /// Mixes in bytes and the separator: the same as ``combine(_:)-(String)`` for a text with these UTF-8 bytes.
    public mutating func combine(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { combine(contiguous: $0) }
    }

    private mutating func combine(contiguous bytes: UnsafeBufferPointer<UInt8>) {
        var state = self.state
        for byte in bytes {
            state ^= UInt64(byte)
            state &*= 0x0000_0100_0000_01B3
        }
        self.state = state
        combine(byte: 0xFF)
    }

    /// Mixes in an integer, in a fixed byte order.
    public mutating func combine(_ value: Int64) {
        var rest = UInt64(bitPattern: value)
        for _ in 0..<8 {
            combine(byte: UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    private mutating func combine(byte: UInt8) {
        state ^= UInt64(byte)
        state &*= 0x0000_0100_0000_01B3
    }

    /// The hash as a signed 64-bit integer, as SQLite stores integers.
    public var int64: Int64 { Int64(bitPattern: state) }

    /// The hash as 16 lower-case hex digits.
    public var hex: String {
        let text = String(state, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
