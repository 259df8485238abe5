import StewardCore
import StewardTestSupport
import Testing

@Suite struct FixPlannerTests {
    func plan(_ policy: String, _ definitions: [EventDefinition], unsafe: Bool = false) throws -> FixPlan {
        let result = try Linter(policy: PolicyLoader().load(text: policy, file: "p.yml"), now: Fixtures.now).lint(definitions)
        return FixPlanner(unsafe: unsafe).plan(definitions: definitions, result: result, host: "h", project: "1", createdAt: Fixtures.now)
    }

    static let owner = User(id: 7, email: "ana@example.com")

    @Test func ownersComeFromKnownUsersAndUnknownEmailsAreSkipped() throws {
        let definitions = [
            EventDefinition(id: "a", name: "owned_event", owner: Self.owner),
            EventDefinition(id: "b", name: "billing_paid", tags: ["billing"]),
            EventDefinition(id: "c", name: "other_clicked"),
        ]
        let result = try plan(
            "rules: { owner_required: { severity: error, owner_by_tag: { billing: nobody@example.com }, default_owner: ana@example.com } }",
            definitions)
        #expect(
            result.actions == [
                FixAction(
                    eventID: "c", eventName: "other_clicked", field: .owner, before: .owner(id: nil, email: nil),
                    after: .owner(id: 7, email: "ana@example.com"), safe: true, rules: ["owner_required"])
            ])
        #expect(result.skipped.map(\.eventID) == ["b"] && result.skipped[0].reason.contains("nobody@example.com"))
    }

    @Test func unsafeFixesNeedTheFlagAndHidingAVerifiedEventUnverifiesIt() throws {
        let stale = EventDefinition.example("old_event", verified: true, lastSeenDaysAgo: 400)
        let policy = "rules: { stale_not_hidden: { severity: warning, after_days: 90 } }"
        let safeOnly = try plan(policy, [stale])
        #expect(safeOnly.actions.isEmpty && safeOnly.skipped.first?.reason.contains("pass --unsafe") == true)
        let unsafe = try plan(policy, [stale], unsafe: true)
        #expect(unsafe.actions.map(\.field) == [.verified, .hidden])
        #expect(unsafe.actions.allSatisfy { !$0.safe })
        #expect(unsafe.seen[stale.id] != nil)
    }

    @Test func tagChangesMergeIntoOneNormalizedAction() throws {
        let definition = EventDefinition(id: "t", name: "tagged_event", tags: ["Legacy", "x"])
        let result = try plan(
            "rules: { tags_required: { severity: warning, any_of: [web], default_tag: Web, allowed: [web, legacy] } }", [definition])
        #expect(result.actions.count == 1)
        #expect(result.actions[0].field == .tags && result.actions[0].safe)
        guard case .tags(let after) = result.actions[0].after else {
            Issue.record("not a tag change")
            return
        }
        #expect(after.contains("web") && after.contains("legacy"))
    }

    @Test func aPlanRoundTripsThroughItsFile() throws {
        let result = try plan(
            "rules: { owner_required: { severity: error, default_owner: ana@example.com } }",
            [EventDefinition(id: "a", name: "x_event", owner: Self.owner), EventDefinition(id: "b", name: "y_event")])
        let directory = Fixtures.temporaryDirectory("plan")
        let path = Fixtures.write(String(decoding: result.encoded(), as: UTF8.self), to: "plan.json", in: directory)
        #expect(try FixPlan.load(path: path) == result)
        let bad = Fixtures.write("{\"format\": \"other\"}", to: "bad.json", in: directory)
        #expect(throws: StewardError.self) { try FixPlan.load(path: bad) }
    }
}
