import Foundation
import StewardTestSupport
import Testing

@testable import StewardCore

/// Findings are held compactly (a large audit holds millions): the definition's id and name by one reference to
/// the definition's own storage, the group, fix and location behind one optional reference. None of it may show.
@Suite struct CompactFindingTests {
    @Test func aFindingStaysWithinItsMemoryBudget() {
        // At a million definitions an audit holds about 3.5 million findings: 64 bytes more each is ~220 MB.
        #expect(MemoryLayout<Finding>.stride <= 72)
    }

    @Test func aLinterFindingKeepsItsDefinitionsIdAndNameWhenTheDefinitionChangesAfterwards() throws {
        var definitions = [EventDefinition.example("signed_up", owner: nil), EventDefinition.example("checkout_done", owner: nil)]
        let policy = try PolicyLoader().load(text: "rules: { owner_required: error }", file: "p.yml")
        let findings = try Linter(policy: policy, now: Fixtures.now).lint(definitions).findings
        #expect(findings.map(\.eventName) == ["checkout_done", "signed_up"])
        // The definitions share their storage with the findings; changing one copies it first.
        definitions[1].name = "renamed"
        definitions[1].id = "other-id"
        definitions[0].description = "changed"
        #expect(findings.map(\.eventName) == ["checkout_done", "signed_up"])
        #expect(findings.map(\.eventID) == ["example-checkout_done", "example-signed_up"])
        #expect(findings[1].message == "'signed_up' has no owner.")
        #expect(definitions[1].name == "renamed" && definitions[1].id == "other-id")
        #expect(definitions[0].name == "signed_up" && definitions[0].description == "changed")
    }

    @Test func aLinterFindingEqualsAndHashesAsTheSameFindingBuiltFromItsFields() throws {
        let definitions = [
            EventDefinition.example("old_event", lastSeenDaysAgo: 400),
            EventDefinition.example("user_12345_signed_up", owner: nil),
        ]
        let policy = try PolicyLoader().load(
            text: "rules: { stale_not_hidden: warning, owner_required: error, dynamic_name: error }", file: "p.yml")
        let findings = try Linter(policy: policy, now: Fixtures.now).lint(definitions).findings
        #expect(findings.contains { $0.fix == .hide })
        #expect(findings.contains { $0.group != nil })
        for finding in findings {
            let built = Finding(
                ruleID: finding.ruleID, severity: finding.severity, eventID: finding.eventID, eventName: finding.eventName,
                message: finding.message, value: finding.value, group: finding.group, fix: finding.fix)
            #expect(finding == built)
            #expect(Set([finding, built]).count == 1, "equal findings hash alike")
        }
    }

    @Test func everyFieldCanBeSetAndReadBackOnItsOwn() {
        var finding = Finding(
            ruleID: "stale_not_hidden", severity: .warning, eventID: "id-1", eventName: "old_event", message: "'old_event' is stale.",
            value: "2024-01-01", fix: .hide)
        let original = finding
        let location = SourceLocation(file: "src/app.ts", line: 12, column: 4)
        finding.location = location
        #expect(finding.fix == .hide && finding.location == location)
        #expect(finding != original)
        finding.fix = .addTags(["needs-owner"])
        #expect(finding.fix == .addTags(["needs-owner"]) && finding.location == location)
        finding.fix = nil
        #expect(finding.fix == nil && finding.location == location)
        finding.location = nil
        #expect(finding.fix == nil && finding.location == nil)
        finding.group = "stale"
        finding.fix = .hide
        #expect(finding.group == "stale" && finding.fix == .hide && finding != original)
        finding.group = nil
        #expect(finding == original)
        finding.eventID = "id-2"
        #expect(finding.eventID == "id-2" && finding.eventName == "old_event" && finding.message == "'old_event' is stale.")
        #expect(original.eventID == "id-1")
        finding.eventName = "new_event"
        #expect(finding.eventID == "id-2" && finding.eventName == "new_event")
        #expect(finding.message == "'old_event' is stale.", "a rename keeps the message as it was written")
        #expect(original.eventName == "old_event")
    }

    @Test func aFindingRoundTripsThroughJSONWithItsFixAndLocation() throws {
        var finding = Finding(
            ruleID: "unplanned_event", severity: .error, eventID: "checkout_done", eventName: "checkout_done",
            message: "'checkout_done' is not in the plan.", fix: .setDescription("Sent on checkout."))
        finding.location = SourceLocation(file: "web/checkout.ts", line: 3, column: 9)
        let decoded = try JSONDecoder().decode(Finding.self, from: JSONEncoder().encode(finding))
        #expect(decoded == finding)
        #expect(decoded.location == finding.location && decoded.fix == finding.fix)
    }
}

/// The linter gives findings with the same group and fix one shared value, and keeps findings whose groups
/// differ apart; either way each reads back its own group.
@Suite struct SharedGroupTests {
    @Test func findingsKeepTheirOwnGroupsWhenGroupsAreShared() throws {
        let names = (0..<30).map { "step_\($0)_opened" } + (0..<30).map { "job_\($0)_done" } + ["Signed Up", "signed_up"]
        let definitions = names.map { EventDefinition.example($0, verified: false) }
        let policy = try PolicyLoader().load(
            text: "rules: { dynamic_name: error, near_duplicate_name: warning, naming_convention: warning }", file: "p.yml")
        let findings = try Linter(policy: policy, now: Fixtures.now).lint(definitions).findings
        let groups = Dictionary(grouping: findings.filter { $0.ruleID == "dynamic_name" }, by: { $0.group ?? "" }).mapValues(\.count)
        #expect(groups == ["step_#_opened": 30, "job_#_done": 30])
        let duplicate = findings.filter { $0.ruleID == "near_duplicate_name" }
        #expect(duplicate.count == 1 && duplicate[0].group == NearDuplicateNameRule.foldedKey("signed_up") && duplicate[0].fix == .hide)
        #expect(findings.filter { $0.ruleID == "naming_convention" }.allSatisfy { $0.group == "snake_case" })
        for finding in findings where finding.ruleID == "dynamic_name" {
            #expect(finding.group == (finding.eventName.hasPrefix("step_") ? "step_#_opened" : "job_#_done"))
            #expect(finding.fix == nil)
        }
    }
}

/// The interners share equal bytes and only equal bytes: canonically equivalent texts with other bytes
/// (a precomposed and a decomposed é) stay apart, as the texts history stores must.
@Suite struct InternerTests {
    static func storage(_ string: String) -> UInt {
        var string = string
        return string.withUTF8 { UInt(bitPattern: $0.baseAddress) }
    }

    @Test func messagesAreSharedByTheirBytesWhetherTheyFollowTheSameTemplateOrNot() {
        var interner = MessageInterner()
        let precomposed = "'\u{E000}' is caf\u{E9}."
        let decomposed = "'\u{E000}' is cafe\u{301}."
        #expect(precomposed == decomposed)
        // Runs of one template, then the other, then back: each comes back as the first string of its bytes.
        let inputs = [precomposed, precomposed, decomposed]
        var first: [String: UInt] = [:]
        for round in 0..<3 {
            for text in inputs + [decomposed, precomposed] {
                let copy = String(decoding: Array(text.utf8), as: UTF8.self)
                let interned = interner.intern(copy, rule: "r")
                #expect(Array(interned.utf8) == Array(text.utf8), "round \(round)")
                let bytes = Array(text.utf8).map { String($0) }.joined(separator: ",")
                if let seen = first[bytes] {
                    #expect(Self.storage(interned) == seen, "round \(round): equal bytes share one string")
                } else {
                    first[bytes] = Self.storage(interned)
                }
            }
        }
        #expect(first.count == 2)
    }

    @Test func groupsAreSharedByTheirBytesAndFix() {
        var interner = GroupInterner()
        let precomposed = FindingExtras.make(group: "caf\u{E9}", fix: nil, location: nil)!
        let decomposed = FindingExtras.make(group: "cafe\u{301}", fix: nil, location: nil)!
        let hidden = FindingExtras.make(group: "caf\u{E9}", fix: .hide, location: nil)!
        let kept = [precomposed, decomposed, hidden].map { interner.intern($0) }
        #expect(kept[0] === precomposed && kept[1] === decomposed && kept[2] === hidden)
        for _ in 0..<3 {
            #expect(interner.intern(FindingExtras.make(group: "caf\u{E9}", fix: nil, location: nil)!) === precomposed)
            #expect(interner.intern(FindingExtras.make(group: "caf\u{E9}", fix: nil, location: nil)!) === precomposed)
            #expect(interner.intern(FindingExtras.make(group: "cafe\u{301}", fix: nil, location: nil)!) === decomposed)
            #expect(interner.intern(FindingExtras.make(group: "caf\u{E9}", fix: .hide, location: nil)!) === hidden)
        }
    }
}
