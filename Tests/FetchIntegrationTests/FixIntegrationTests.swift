import Foundation
import GRDB
import PostHogSimulator
import StewardCore
import StewardHistory
import StewardKit
import StewardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fixes against posthog-sim: plan, apply, journal, resume after a kill, undo. One at a time: each floods its
/// simulator (rate limits off), and simulators in this process share its few cooperative threads.
@Suite(.serialized) struct FixIntegrationTests {
    static let key = "phx_posthog_sim_local_key"
    static let policy = """
        rules:
          owner_required: { severity: error, owner_by_tag: { billing: ben@example.com }, default_owner: ana@example.com }
          tags_required: { severity: warning, any_of: [web, mobile, backend], default_tag: web }
          stale_not_hidden: { severity: warning, after_days: 180 }

        """

    func steward(_ arguments: [String], in directory: URL) async throws -> StewardProcess.Result {
        try await StewardProcess.run(
            arguments, in: directory, environment: ["POSTHOG_PERSONAL_API_KEY": Self.key, "POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": ""])
    }

    static let noLimits = ["--rate-limit", "0", "--rate-limit-hour", "0"]

    /// Writes the policy into a new folder and plans against the simulator: the folder and the plan.
    func planned(_ base: String, policy: String = Self.policy, limits: [String] = Self.noLimits) async throws -> (URL, FixPlan) {
        let directory = Fixtures.temporaryDirectory("fix")
        _ = Fixtures.write(policy, to: "policy.yml", in: directory)
        let result = try await steward(
            ["fix", "--host", base, "--project", "1", "--policy", "policy.yml", "--plan-out", "plan.json", "--now", "2026-06-01"] + limits,
            in: directory)
        #expect(result.exitCode == 0, "\(result.standardError)")
        return (directory, try FixPlan.load(path: directory.appendingPathComponent("plan.json").path))
    }

    /// What matters of a definition, without the fields every write moves; a definition promoted to PostHog's
    /// enterprise table by a write reads `""`/`false` where it read null, which no API call can put back.
    static func content(_ definition: EventDefinition) -> [String] {
        [
            definition.name, "\(definition.owner?.id ?? -1)", definition.description ?? "",
            FixAction.normalized(definition.tags).joined(separator: ","),
            "\(definition.hidden ?? false)", "\(definition.verified ?? false)", definition.enforcementMode?.rawValue ?? "allow",
            definition.verifiedAt?.iso8601 ?? "-", definition.lastSeenAt?.iso8601 ?? "-",
        ]
    }

    @Test func planApplyUndoRoundTrip() async throws {
        try await withSimulator({
            $0.definitions = 400; $0.seed = 5; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let directory = Fixtures.temporaryDirectory("fix")
            _ = Fixtures.write(Self.policy, to: "policy.yml", in: directory)
            let original = try await exported(base)
            let limits = Self.noLimits
            // Given a plan (a dry run: nothing changes in PostHog)
            let planned = try await steward(
                [
                    "fix", "--host", base, "--project", "1", "--policy", "policy.yml", "--plan-out", "plan.json", "--unsafe", "--now",
                    "2026-06-01",
                ]
                    + limits, in: directory)
            #expect(planned.exitCode == 0, "\(planned.standardError)")
            #expect(planned.standardOutput.contains(" → "))
            #expect(try await exported(base).mapValues(Self.content) == original.mapValues(Self.content))
            let plan = try FixPlan.load(path: directory.appendingPathComponent("plan.json").path)
            #expect(
                Set(plan.actions.map(\.field)) == [.tags, .owner, .hidden]
                    || Set(plan.actions.map(\.field)).isSuperset(of: [.tags, .owner, .hidden]))
            // When it is applied
            let applied = try await steward(
                ["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"] + limits, in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            #expect(applied.standardOutput.contains("fix run 1: \(plan.actions.count) done, 0 skipped, 0 failed"))
            // Then PostHog holds exactly the planned values, and nothing else moved
            let after = try await exported(base)
            var expected = original.mapValues(Self.content)
            for action in plan.actions {
                var fields = expected[action.eventID]!
                switch (action.field, action.after) {
                case (.owner, .owner(let id, _)): fields[1] = "\(id ?? -1)"
                case (.tags, .tags(let tags)): fields[3] = tags.joined(separator: ",")
                case (.hidden, .flag(let flag)): fields[4] = "\(flag ?? false)"
                case (.verified, .flag(let flag)):
                    fields[5] = "\(flag ?? false)"
                    if flag == false { fields[7] = "-" }
                default: Issue.record("unexpected action \(action.field)")
                }
                expected[action.eventID] = fields
            }
            #expect(after.mapValues(Self.content) == expected)
            // And the journal says every action is done
            let store = try HistoryStore.open(at: directory.appendingPathComponent("h.sqlite").path, create: false)
            #expect(try store.fixRun(1)?.entries.allSatisfy { $0.status == .done } == true)
            // When it is undone, PostHog is back where it started (updated_at and updated_by aside)
            let undone = try await steward(["undo", "1", "--host", base, "--yes", "--db", "h.sqlite"] + limits, in: directory)
            #expect(undone.exitCode == 0, "\(undone.standardError)")
            var restored = try await exported(base).mapValues(Self.content)
            var originalContent = original.mapValues(Self.content)
            // verified_at is stamped anew when PostHog re-verifies; it is not a field a client can write
            for key in restored.keys {
                restored[key]![7] = "-"
                originalContent[key]![7] = "-"
            }
            #expect(restored == originalContent)
            // The key is in no output, plan or journal
            for file in ["plan.json", "h.sqlite"] {
                let bytes = try Data(contentsOf: directory.appendingPathComponent(file))
                #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "\(file) holds the key")
            }
            for result in [planned, applied, undone] {
                #expect(!result.standardOutput.contains(Self.key) && !result.standardError.contains(Self.key))
            }
        }
    }

    @Test func aDefinitionEditedBetweenPlanAndApplyIsSkippedAndKept() async throws {
        try await withSimulator({
            $0.definitions = 200; $0.seed = 9; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let (directory, plan) = try await planned(base)
            let limits = Self.noLimits
            let victim = try #require(plan.actions.first { $0.field == .owner })
            // Someone sets a description on it in PostHog after the plan
            var request = URLRequest(url: URL(string: base + "/api/projects/1/event_definitions/\(victim.eventID)/")!)
            request.httpMethod = "PATCH"
            request.setValue("Bearer \(Self.key)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"description": "edited by a person"}"#.utf8)
            _ = try await testSession.data(for: request)
            let applied = try await steward(
                ["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"] + limits, in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            let victimActions = plan.actions.filter { $0.eventID == victim.eventID }.count
            #expect(applied.standardOutput.contains("\(plan.actions.count - victimActions) done, \(victimActions) skipped"))
            #expect(applied.standardOutput.contains("changed in PostHog since the plan"))
            let now = try await exported(base)[victim.eventID]!
            #expect(now.description == "edited by a person" && now.owner == nil)
        }
    }

    static func donePatches(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path), let queue = try? DatabaseQueue(path: path) else { return 0 }
        let sql = "SELECT count(*) FROM fix_action WHERE request = 'PATCH' AND status = 'done'"
        return (try? queue.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }) ?? 0
    }

    @Test func killedDuringApplyThenResumedAppliesEveryChangeExactlyOnce() async throws {
        try await withSimulator({
            $0.definitions = 300; $0.seed = 13; $0.ratePerMinute = 0; $0.ratePerHour = 0
            // The eleventh write waits in the simulator, so the kill lands part-way through however loaded the machine is.
            $0.holdWritesAfter = 10
        }) { base in
            let (directory, plan) = try await planned(base)
            let limits = Self.noLimits
            let patches = Set(plan.actions.filter { $0.field == .owner }.map(\.eventID)).count
            #expect(patches > 20)
            // When the apply is killed (SIGKILL) part-way through its writes: once one is held, ten are done
            let process = Process()
            process.executableURL = StewardProcess.executable
            process.arguments = ["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"] + limits
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(["POSTHOG_PERSONAL_API_KEY": Self.key]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let db = directory.appendingPathComponent("h.sqlite").path
            while (try await fetchJSON(base + "/_sim/held-writes") as? [String: Any])?["held"] as? Int == 0, process.isRunning {
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            #expect(process.isRunning, "the apply finished although its eleventh write was held")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The held write is refused (503, not applied): the killed process never learns of it.
            try await postJSON(base + "/_sim/release-writes")
            #expect(Self.donePatches(db) <= 10)
            let journal = try HistoryStore.open(at: db, create: false).fixRun(1)!
            #expect(journal.status == .running)
            #expect(journal.entries.contains { $0.status == .planned || $0.status == .started })
            // Then resuming finishes it, and every planned change was sent exactly once
            let resumed = try await steward(["fix", "--resume", "1", "--host", base, "--yes", "--db", "h.sqlite"] + limits, in: directory)
            #expect(resumed.exitCode == 0, "\(resumed.standardError)")
            let final = try HistoryStore.open(at: db, create: false).fixRun(1)!
            #expect(final.status == .finished && final.entries.allSatisfy { $0.status == .done })
            let stats = try await statuses(base)
            #expect(stats["PATCH partial_update"]?["200"] == patches)
            // And the journal matches the simulator
            let state = try await exported(base)
            for entry in final.entries {
                #expect(FixAction.same(FixAction.value(of: entry.action.field, in: state[entry.action.eventID]!), entry.action.after))
            }
        }
    }

    @Test func tagFixesForFiftyThousandDefinitionsUseTheFewestBulkRequestsAndNo429() async throws {
        try await withSimulator({
            $0.definitions = 50_500; $0.seed = 21
        }) { base in
            // PostHog's own budget (480 a minute): the point is that it causes no 429
            let (directory, plan) = try await planned(
                base, policy: "rules: { tags_required: { severity: warning, any_of: [governed], default_tag: governed } }\n", limits: [])
            #expect(plan.actions.count >= 50_000 && plan.actions.allSatisfy { $0.field == .tags })
            let applied = try await steward(["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"], in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            // One tag added to every definition: ids per request are capped at 500, so ⌈n / 500⌉ requests
            let fewest = (plan.actions.count + 499) / 500
            #expect(applied.standardOutput.contains("requests: \(fewest) bulk_update_tags"), "\(applied.standardOutput)")
            let stats = try await statuses(base)
            #expect(stats["POST bulk_update_tags"]?["200"] == fewest)
            #expect(stats.values.allSatisfy { $0["429"] == nil })
        }
    }

    @Test func withoutTheTaxonomyAddOnPatchesStopCleanlyAndBulkChangesGoOn() async throws {
        try await withSimulator({
            $0.definitions = 200; $0.seed = 9; $0.ratePerMinute = 0; $0.ratePerHour = 0; $0.taxonomyAddOn = false
        }) { base in
            let (directory, plan) = try await planned(base)
            let limits = Self.noLimits
            let applied = try await steward(
                ["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"] + limits, in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            #expect(applied.standardOutput.contains("ingestion-taxonomy add-on (402"))
            let journal = try HistoryStore.open(at: directory.appendingPathComponent("h.sqlite").path, create: false).fixRun(1)!
            let state = try await exported(base)
            for entry in journal.entries {
                let value = FixAction.value(of: entry.action.field, in: state[entry.action.eventID]!)
                switch entry.action.field {
                case .tags: #expect(entry.status == .done && FixAction.same(value, entry.action.after))
                default: #expect(entry.status == .skipped && FixAction.same(value, entry.action.before))
                }
            }
            #expect(journal.entries.count == plan.actions.count)
        }
    }

    @Test func aKeyWithoutWriteScopeStopsTheRunCleanlyAndAPlanForAnotherProjectIsRefused() async throws {
        try await withSimulator({
            $0.definitions = 150; $0.seed = 9; $0.ratePerMinute = 0; $0.ratePerHour = 0
            $0.apiKeys = [APIKey(spec: "phx_posthog_sim_local_key")!, APIKey(spec: "phx_reader_only:event_definition:read")!]
        }) { base in
            let (directory, _) = try await planned(base)
            let limits = Self.noLimits
            let before = try await exported(base)
            // A plan for project 1 is not applied to project 2
            let elsewhere = try await steward(
                ["fix", "--apply", "plan.json", "--yes", "--project", "2", "--db", "h.sqlite"] + limits, in: directory)
            #expect(elsewhere.exitCode == 2 && elsewhere.standardError.contains("is for \(base) project 1"), "\(elsewhere.standardError)")
            // A read-only key: the first write is refused, the run stops with PostHog's reason, nothing changed
            let refused = try await StewardProcess.run(
                ["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"] + limits, in: directory,
                environment: ["POSTHOG_PERSONAL_API_KEY": "phx_reader_only"])
            #expect(refused.exitCode == 3, "\(refused.standardError)")
            #expect(
                refused.standardError.contains("lacks the scope 'event_definition:write'") && refused.standardError.contains("--resume"))
            #expect(try await exported(base).mapValues(Self.content) == before.mapValues(Self.content))
            let journal = try HistoryStore.open(at: directory.appendingPathComponent("h.sqlite").path, create: false).fixRun(1)!
            #expect(journal.status == .stopped)
            #expect(journal.entries.contains { $0.status == .failed } && !journal.entries.contains { $0.status == .done })
            #expect(journal.entries.allSatisfy { $0.status == .failed || $0.status == .planned })
        }
    }
}
