import Foundation
import StewardTestSupport
import Testing

/// The tracking plan in audits: the plan rules put its differences into reports, history and the gate.
@Suite struct PlanAuditCLITests {
    @Test func newOnlyFailsOnANewlyCapturedUnplannedEventAndPassesOnTheNextRun() async throws {
        let directory = Fixtures.temporaryDirectory("plan-audit")
        Fixtures.write(
            "rules: { unplanned_event: error, planned_missing: error, plan_drift: warning }\n", to: "steward.yml", in: directory)
        Fixtures.write(
            "events:\n  - name: signed_up\n    description: A visitor made an account.\n", to: "tracking-plan.yml", in: directory)
        func audit(_ definitions: String) async throws -> StewardProcess.Result {
            Fixtures.write(definitions, to: "defs.json", in: directory)
            return try await StewardProcess.run(["audit", "--from", "defs.json", "--new-only", "--now", "2026-06-01"], in: directory)
        }
        let planned = #"{"id": "1", "name": "signed_up", "description": "A visitor made an account."}"#
        let first = try await audit("[\(planned)]")
        #expect(first.exitCode == 0, "\(first.standardOutput)\(first.standardError)")
        // When the code starts sending an event nobody planned
        let second = try await audit(#"[\#(planned), {"id": "2", "name": "coupon_applied"}]"#)
        #expect(second.exitCode == 1, "\(second.standardOutput)")
        #expect(second.standardOutput.contains("'coupon_applied' is not in the tracking plan (tracking-plan.yml)"))
        // Then the next run, with nothing new, passes the gate (the finding is still open, no longer new)
        let third = try await audit(#"[\#(planned), {"id": "2", "name": "coupon_applied"}]"#)
        #expect(third.exitCode == 0, "\(third.standardOutput)")
        #expect(third.standardOutput.contains("unplanned_event"))
    }

    @Test func plannedButMissingAndDriftedEventsAreReported() async throws {
        let directory = Fixtures.temporaryDirectory("plan-audit")
        Fixtures.write("rules: { planned_missing: error, plan_drift: error }\nplan: plans/p.yml\n", to: "steward.yml", in: directory)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("plans"), withIntermediateDirectories: true)
        Fixtures.write(
            "events:\n  - name: signed_up\n    tags: [growth]\n  - name: trial_ended\n", to: "plans/p.yml", in: directory)
        Fixtures.write(#"[{"id": "1", "name": "signed_up", "tags": ["billing"]}]"#, to: "defs.json", in: directory)
        let result = try await StewardProcess.run(
            ["audit", "--from", "defs.json", "--no-history", "--format", "json", "--output-dir", "out", "--now", "2026-06-01"],
            in: directory)
        #expect(result.exitCode == 1)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out/steward-report.json")))
        let findings = ((report as? [String: Any])?["findings"] as? [[String: Any]]) ?? []
        let byRule = Dictionary(grouping: findings) { $0["rule"] as? String ?? "" }
        #expect(byRule["planned_missing"]?.map { $0["event_name"] as? String } == ["trial_ended"])
        #expect(byRule["planned_missing"]?.first?["event_id"] as? String == "plan:trial_ended")
        let drift = try #require(byRule["plan_drift"]?.first)
        #expect((drift["message"] as? String)?.contains("tags is '[billing]', planned '[growth]'") == true, "\(drift)")
        // The summary counts them, and a plan with no plan rule enabled is said once.
        Fixtures.write("rules: { owner_required: warning }\nplan: plans/p.yml\n", to: "steward.yml", in: directory)
        let unjudged = try await StewardProcess.run(["audit", "--from", "defs.json", "--no-history", "--now", "2026-06-01"], in: directory)
        #expect(unjudged.standardError.contains("a tracking plan is configured (plans/p.yml) but the policy enables none of"))
    }

    @Test func aBadPlanStopsTheAuditBeforeAnythingIsRead() async throws {
        let directory = Fixtures.temporaryDirectory("plan-audit")
        Fixtures.write("rules: { unplanned_event: error }\n", to: "steward.yml", in: directory)
        Fixtures.write("events:\n  - name: a\n    owner: not-an-email\n", to: "tracking-plan.yml", in: directory)
        Fixtures.write(#"[{"id": "1", "name": "a"}]"#, to: "defs.json", in: directory)
        let result = try await StewardProcess.run(["audit", "--from", "defs.json", "--now", "2026-06-01"], in: directory)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("tracking-plan.yml:3:12"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".steward/history.sqlite").path))
    }

    @Test func planApplyRefusesAnOwnerNoPostHogUserHasAndWritesNothing() async throws {
        let directory = Fixtures.temporaryDirectory("plan-apply")
        Fixtures.write(
            #"{"format": "steward-snapshot", "version": 1, "host": "https://eu.posthog.com", "project": "1", "complete": true, "definitions": [{"id": "1", "name": "signed_up", "owner": {"id": 3, "email": "ana@example.com"}}]}"#,
            to: "snap.json", in: directory)
        Fixtures.write(
            "events:\n  - name: signed_up\n  - name: new_one\n    owner: nobody@example.com\n", to: "tracking-plan.yml", in: directory)
        let refused = try await StewardProcess.run(["plan", "apply", "--from", "snap.json", "--plan-out", "fixes.json"], in: directory)
        #expect(refused.exitCode == 2)
        #expect(
            refused.standardError.contains("tracking-plan.yml:3:5: owner 'nobody@example.com' is no PostHog user"),
            "\(refused.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("fixes.json").path))
        // A known owner's email is planned as that user's id.
        Fixtures.write(
            "events:\n  - name: signed_up\n  - name: new_one\n    owner: ANA@example.com\n", to: "tracking-plan.yml", in: directory)
        let planned = try await StewardProcess.run(
            ["plan", "apply", "--from", "snap.json", "--plan-out", "fixes.json", "--format", "json"], in: directory)
        #expect(planned.exitCode == 0, "\(planned.standardError)")
        let plan = try String(contentsOf: directory.appendingPathComponent("fixes.json"), encoding: .utf8)
        #expect(plan.contains("\"owner_id\" : 3") && plan.contains("\"field\" : \"existence\""), "\(plan)")
    }
}
