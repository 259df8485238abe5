import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// The tracking plan: validated like a policy, written from PostHog so that a diff right after is empty, and
/// compared field by field, governing only what it writes.
@Suite struct TrackingPlanTests {
    func plan(_ text: String) throws -> TrackingPlan { try TrackingPlan.parse(text: text, file: "tracking-plan.yml") }

    @Test func aFullEntryIsRead() throws {
        let parsed = try plan(
            """
            events:
              - name: signup_flow:account_create
                description: Fired when a visitor submits the sign-up form and the account exists.
                owner: ana@example.com
                tags: [Growth, core, growth]
                verified: true
                enforcement_mode: allow
                status: active
            """)
        let event = try #require(parsed.events.first)
        #expect(event.name == "signup_flow:account_create" && event.owner == "ana@example.com")
        #expect(event.tags == ["core", "growth"], "tags as PostHog stores them")
        #expect(event.verified == true && event.enforcementMode == .allow && event.status == .active)
        #expect(event.location.description == "tracking-plan.yml:2:5")
    }

    @Test(arguments: [
        ("events:\n  - name: a\n    owners: x@y.z\n", "tracking-plan.yml:3:5", "unknown key 'owners' in events[0] (did you mean 'owner'?)"),
        ("event:\n  - name: a\n", "tracking-plan.yml:1:1", "unknown key 'event' in a tracking plan (did you mean 'events'?)"),
        (
            "events:\n  - name: a\n  - name: b\n  - name: a\n", "tracking-plan.yml:4:5",
            "'a' is planned twice (first at tracking-plan.yml:2:5)"
        ),
        ("events:\n  - name: a\n    owner: ana\n", "tracking-plan.yml:3:12", "must be the owner's email"),
        (
            "events:\n  - name: a\n    enforcement_mode: rejct\n", "tracking-plan.yml:3:23",
            "must be allow or reject (did you mean 'reject'?)"
        ),
        ("events:\n  - name: a\n    status: retired\n", "tracking-plan.yml:3:13", "must be active or deprecated"),
        ("events:\n  - name: a\n    verified: yes please\n", "tracking-plan.yml:3:15", "must be true or false"),
        ("events:\n  - description: no name\n", "tracking-plan.yml:2:5", "events[0] needs a 'name'"),
        ("events:\n  - name: a\n    verified: true\n    status: deprecated\n", "tracking-plan.yml:2:5", "both verified and deprecated"),
        ("events: {name: a}\n", "tracking-plan.yml:1:9", "events must be a list"),
    ])
    func badPlansSayWhereAndWhat(text: String, location: String, message: String) {
        let error = #expect(throws: PolicyError.self) { try plan(text) }
        #expect(error?.location?.description == location, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test func tagsAndNamesBeyondPostHogsLimitsAreRefused() {
        let longTag = String(repeating: "t", count: 256)
        let tagError = #expect(throws: PolicyError.self) { try plan("events:\n  - name: a\n    tags: [ok, \(longTag)]\n") }
        #expect(tagError?.message.contains("item 2 of events[0].tags is 256 characters") == true)
        let nameError = #expect(throws: PolicyError.self) { try plan("events:\n  - name: \(String(repeating: "n", count: 401))\n") }
        #expect(nameError?.message.contains("at most 400") == true)
    }

    @Test func anImportedPlanDiffsEmptyEvenWithHostileNames() throws {
        let definitions: [EventDefinition] = [
            .example("signed_up", tags: ["growth", "Core"]),
            EventDefinition(id: "2", name: "old_export", owner: User(id: 5), hidden: true),
            EventDefinition(id: "3", name: "line\nbreak \u{7F} \u{85} \"q\" \\ # not: a comment", description: "- a: b"),
            EventDefinition(id: "4", name: "$pageview"),
            EventDefinition(id: "5", name: "yes", enforcementMode: .reject),
        ]
        let text = TrackingPlanWriter.text(
            definitions: definitions, source: "https://eu.posthog.com project 1\nforged: line", date: "2026-12-02")
        let parsed = try plan(text)
        #expect(parsed.events.map(\.name).sorted() == definitions.map(\.name).filter { $0 != "$pageview" }.sorted())
        let diff = PlanDiff(plan: parsed, definitions: definitions)
        #expect(diff.isEmpty, "\(diff)")
        #expect(!text.contains("\nforged: line"), "the source is a comment; it cannot add a key")
    }

    @Test func onlyWhatThePlanWritesIsGoverned() throws {
        let parsed = try plan(
            """
            events:
              - name: signed_up
                description: Planned words.
                owner: ANA@example.com
              - name: checkout_started
                status: deprecated
                tags: [revenue]
              - name: never_sent
            """)
        let definitions: [EventDefinition] = [
            .example("signed_up", owner: "ana@example.com", description: "Other words.", tags: ["anything"], verified: false),
            .example("checkout_started", tags: ["Revenue"], hidden: false),
            .example("unplanned_thing"),
            .example("$autocapture"),
        ]
        let diff = PlanDiff(plan: parsed, definitions: definitions)
        #expect(diff.missing.map(\.name) == ["never_sent"])
        #expect(diff.unplanned.map(\.name) == ["unplanned_thing"], "PostHog's own events are never unplanned")
        // The owner matches case-insensitively; tags as PostHog stores them; verified and mode are not written, so not governed.
        #expect(diff.drifted.map { "\($0.name).\($0.field)" } == ["signed_up.description", "checkout_started.status"])
        #expect(diff.drifted[0].planned == "Planned words." && diff.drifted[0].actual == "Other words.")
        #expect(diff.drifted[1].location.line == 5)
    }
}
