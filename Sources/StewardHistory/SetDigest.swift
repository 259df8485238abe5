import StewardCore

/// An order-independent 64-bit digest of a set: the wrapping sum of each member's mixed hash.
/// Equal sets give equal digests whatever their order; a change to any member changes the digest
/// except with probability about 2⁻⁶⁴.
struct SetDigest: Equatable {
    private(set) var value: Int64 = 0

    mutating func add(_ member: StableHash) {
        // SplitMix64's finalizer spreads FNV's weak low bits over the whole word before summing.
        var z = UInt64(bitPattern: member.int64)
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        value = value &+ Int64(bitPattern: z)
    }

    /// The digest of definitions by id and content fingerprint.
    /// Each definition's id and fingerprint, summed (a definition listed twice counts twice: such a list
    /// never looks unchanged, and is diffed in full). Chunks are summed on every core.
    static func definitions(_ definitions: [EventDefinition], fingerprints: [Int64]) -> SetDigest {
        summed(count: definitions.count) { index in
            var hash = StableHash()
            hash.combine(definitions[index].id)
            hash.combine(fingerprints[index])
            return hash
        }
    }

    static func findings(_ findings: [Finding]) -> SetDigest {
        summed(count: findings.count) { index in
            var hash = StableHash()
            hash.combine(findings[index].eventID)
            hash.combine(findings[index].ruleID)
            hash.combine(findings[index].severity.rawValue)
            return hash
        }
    }

    /// The sum of `member(i)` for every index: chunks summed at once (a sum does not depend on order).
    private static func summed(count: Int, _ member: (Int) -> StableHash) -> SetDigest {
        let chunk = 65_536
        let partial = Concurrently.map(count: (count + chunk - 1) / chunk, chunk: 1) { item in
            var digest = SetDigest()
            for index in (item * chunk)..<min(count, (item + 1) * chunk) { digest.add(member(index)) }
            return digest.value
        }
        return SetDigest(value: partial.reduce(0, &+))
    }
}
