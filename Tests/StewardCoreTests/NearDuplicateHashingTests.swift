import Foundation
import StewardTestSupport
import Testing

@testable import StewardCore

/// `near_duplicate_name` finds colliding names by a 64-bit hash of each folded key and groups them by the whole
/// key: a real product's names, with near-duplicates of some of them added, judge the same whichever hash is used,
/// even one under which every key collides.
@Suite struct NearDuplicateHashingTests {
    struct Emitted: Equatable {
        let position: Int
        let message: String
        let value: String?
        let group: String?
    }

    static func names() throws -> [String] {
        let real = try DynamicNameRealDataTests.realWorldNames()
        let names = real.events + real.properties
        // Near-duplicates of every seventh name, spelled as people do (snake case, kebab case, camelCase, plurals).
        let spelled = names.enumerated().filter { $0.offset % 7 == 0 }.flatMap { _, name in
            [name.lowercased().replacingOccurrences(of: " ", with: "_"), name.replacingOccurrences(of: " ", with: "-") + "s"]
        }
        return names + spelled + ["Signed Up", "signed_up", "signedUp", "report_exports", "report_export"]
    }

    func judged(_ names: [String], hashing: ([UInt8]) -> Int64) throws -> [Emitted] {
        let rule = try NearDuplicateNameRule(configuration: RuleConfiguration(ruleID: "near_duplicate_name", severity: .warning))
        let definitions = names.enumerated().map { offset, name in
            EventDefinition.example(name, verified: offset % 3 == 0, lastSeenDaysAgo: offset % 11)
        }
        var emitted: [Emitted] = []
        rule.check(DefinitionSubset(definitions), hashing: hashing) { position, violation in
            emitted.append(Emitted(position: position, message: violation.message, value: violation.value, group: violation.group))
        }
        return emitted
    }

    @Test func everyHashJudgesAlikeEvenOneUnderWhichEveryKeyCollides() throws {
        let names = try Self.names()
        let stable = try judged(names) { key in
            var hash = StableHash()
            hash.combine(bytes: key)
            return hash.int64
        }
        #expect(stable.count > 20)
        #expect(stable.contains { $0.message.hasPrefix("'signed_up' is the same name as") || $0.message.hasPrefix("'signedUp' is") })
        // Two buckets, one bucket: keys that share a hash but not their text are never one group.
        #expect(try judged(names) { Int64($0.count % 2) } == stable)
        #expect(try judged(names) { _ in 0 } == stable)
        // The groups are exactly the names whose folded keys are equal.
        var byKey: [String: Set<String>] = [:]
        for name in names { byKey[NearDuplicateNameRule.foldedKey(name), default: []].insert(name) }
        for entry in stable {
            let group = try #require(entry.group)
            #expect((byKey[group]?.count ?? 0) > 1)
            #expect(NearDuplicateNameRule.foldedKey(names[entry.position]) == group)
        }
    }

    @Test func stableHashOfBytesIsTheHashOfTheTextWithThoseBytes() {
        for text in ["", "signed_up", "émoji 🎉", "a\u{E000}b"] {
            var ofText = StableHash()
            ofText.combine(text)
            var ofBytes = StableHash()
            ofBytes.combine(bytes: Array(text.utf8))
            #expect(ofText.int64 == ofBytes.int64)
        }
    }
}
