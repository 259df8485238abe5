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
    static func definitions(_ definitions: [EventDefinition], fingerprints: [Int64]) -> SetDigest {
        var digest = SetDigest()
        var seen = Set<String>()
        for index in definitions.indices where seen.insert(definitions[index].id).inserted {
            var hash = StableHash()
            hash.combine(definitions[index].id)
            hash.combine(fingerprints[index])
            digest.add(hash)
        }
        return digest
    }

    /// The digest of findings by definition id, rule id and severity.
    static func findings(_ findings: [Finding]) -> SetDigest {
        var digest = SetDigest()
        for index in findings.indices {
            var hash = StableHash()
            hash.combine(findings[index].eventID)
            hash.combine(findings[index].ruleID)
            hash.combine(findings[index].severity.rawValue)
            digest.add(hash)
        }
        return digest
    }
}
