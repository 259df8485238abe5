import Foundation
import PostHogSimulator
import StewardCore
import StewardHistory
import StewardKit
import StewardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fix runs against tampering and concurrency: one applier per history, plans that cannot choose where the
/// key goes or write what was not reviewed, and undo all the way (twice, of an undo, forced, interrupted).
extension FixIntegrationTests {
    /// Writes requests the simulator answered, by route.
    func writes(_ base: String) async throws -> Int {
        let stats = try await statuses(base)
        return stats.filter { $0.key.hasPrefix("PATCH") || $0.key.hasPrefix("POST") }.values.reduce(0) { $0 + $1.values.reduce(0, +) }
    }

    /// Rewrites the plan file in `directory` through `edit` on its JSON object.
    func tamper(_ directory: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = directory.appendingPathComponent("plan.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    @Test func anotherApplierHoldingTheHistoryRefusesOrMakesTheSecondWait() async throws {
        try await withSimulator({
            $0.definitions = 120; $0.seed = 31; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let (directory, plan) = try await planned(base)
            let db = directory.appendingPathComponent("h.sqlite").path
            _ = try HistoryStore.open(at: db, create: true)
            // Given another applier holding this history's fix lock (this test process)
            let held = try await FixLock.acquire(historyPath: db, doing: "fix run 7, held by the test", wait: false)
            // When a second one applies, resumes or undoes, it says who holds the lock and sends nothing
            for arguments in [["fix", "--apply", "plan.json"], ["fix", "--resume", "1"], ["undo", "1"]] {
                let refused = try await steward(arguments + ["--host", base, "--yes", "--db", "h.sqlite"] + Self.noLimits, in: directory)
                if arguments[1] == "--apply" {
                    #expect(refused.exitCode == 4, "\(refused.standardError)")
                    #expect(
                        refused.standardError.contains("another Steward is applying fixes with this history (pid \(getpid())")
                            && refused.standardError.contains("fix run 7, held by the test") && refused.standardError.contains("--wait"),
                        "\(refused.standardError)")
                } else {
                    #expect(refused.exitCode != 0)
                }
            }
            #expect(try await writes(base) == 0)
            #expect(try HistoryStore.open(at: db, create: false).fixRun(1) == nil)
            // And with --wait it applies once the lock is let go, exactly once
            async let waited = steward(
                ["fix", "--apply", "plan.json", "--host", base, "--yes", "--wait", "--db", "h.sqlite"] + Self.noLimits, in: directory)
            try await Task.sleep(nanoseconds: 1_000_000_000)
            held.release()
            let result = try await waited
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("fix run 1: \(plan.actions.count) done"), "\(result.standardOutput)")
        }
    }

    @Test func twoAppliesOfOnePlanAtOnceApplyItOnce() async throws {
        try await withSimulator({
            $0.definitions = 200; $0.seed = 33; $0.ratePerMinute = 0; $0.ratePerHour = 0; $0.latencyMilliseconds = 5
        }) { base in
            let (directory, plan) = try await planned(base)
            let owners = Set(plan.actions.filter { $0.field == .owner }.map(\.eventID)).count
            // When two appliers of the same plan start together
            let arguments = ["fix", "--apply", "plan.json", "--host", base, "--yes", "--db", "h.sqlite"] + Self.noLimits
            async let first = steward(arguments, in: directory)
            async let second = steward(arguments, in: directory)
            let results = try await [first, second]
            // Then whichever ran second was refused (exit 4) or, finding every change made, skipped them all
            #expect(results.contains { $0.exitCode == 0 && $0.standardOutput.contains("\(plan.actions.count) done") })
            let stats = try await statuses(base)
            #expect(stats["PATCH partial_update"]?["200"] == owners, "\(stats)")
            for result in results where result.exitCode != 0 { #expect(result.exitCode == 4, "\(result.standardError)") }
        }
    }

    @Test func aTamperedPlanIsRefusedBeforeAnyRequest() async throws {
        let elsewhere = try HostileServer(address: "127.0.0.2") { _, connection in connection.respond(status: 500, json: "{}") }
        defer { elsewhere.stop() }
        try await withSimulator({
            $0.definitions = 80; $0.seed = 35; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let (directory, _) = try await planned(base)
            let apply = ["fix", "--apply", "plan.json", "--yes", "--db", "h.sqlite"] + Self.noLimits
            // A plan whose host was edited does not choose where the key goes: the configured host must agree
            try tamper(directory) { $0["host"] = elsewhere.base }
            let redirected = try await steward(apply + ["--host", base], in: directory)
            #expect(
                redirected.exitCode == 2 && redirected.standardError.contains("is for \(elsewhere.base) project 1"),
                "\(redirected.standardError)")
            // Nor does it when no host is configured: the default is PostHog Cloud, not the plan's
            let unconfigured = try await steward(apply, in: directory)
            #expect(unconfigured.exitCode == 2 && unconfigured.standardError.contains("configured target is https://us.posthog.com"))
            #expect(elsewhere.received.isEmpty)
            try tamper(directory) { $0["host"] = base }
            // Two actions for one field of one definition
            try tamper(directory) { object in
                var actions = object["actions"] as! [[String: Any]]
                actions.append(actions[0])
                object["actions"] = actions
            }
            let duplicated = try await steward(apply + ["--host", base], in: directory)
            #expect(duplicated.exitCode == 2 && duplicated.standardError.contains("both change"), "\(duplicated.standardError)")
            // An `after` of the wrong kind for its field
            try tamper(directory) { object in
                var actions = object["actions"] as! [[String: Any]]
                actions.removeLast()
                actions[0]["after"] = ["kind": "flag", "flag": true]
                object["actions"] = actions
            }
            let wrongKind = try await steward(apply + ["--host", base], in: directory)
            #expect(wrongKind.exitCode == 2 && wrongKind.standardError.contains("not a value of that field"), "\(wrongKind.standardError)")
            #expect(try await writes(base) == 0)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("h.sqlite").path))
        }
    }

    @Test func undoTwiceUndoOfAnUndoAndForce() async throws {
        try await withSimulator({
            $0.definitions = 150; $0.seed = 37; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let (directory, plan) = try await planned(base)
            let original = try await exported(base).mapValues(Self.content)
            let common = ["--host", base, "--yes", "--db", "h.sqlite"] + Self.noLimits
            #expect(try await steward(["fix", "--apply", "plan.json"] + common, in: directory).exitCode == 0)
            let applied = try await exported(base).mapValues(Self.content)
            // Undo once restores; undo again says it was undone and changes nothing
            #expect(try await steward(["undo", "1"] + common, in: directory).exitCode == 0)
            #expect(try await exported(base).mapValues(Self.content) == original)
            let again = try await steward(["undo", "1"] + common, in: directory)
            #expect(again.exitCode == 2 && again.standardError.contains("already undone by fix run 2"), "\(again.standardError)")
            // Undo of the undo puts the fixes back
            let redo = try await steward(["undo", "2"] + common, in: directory)
            #expect(redo.exitCode == 0, "\(redo.standardError)")
            #expect(try await exported(base).mapValues(Self.content) == applied)
            // A definition changed since the fix is skipped with the reason, and restored with --force
            let owned = try #require(plan.actions.first { $0.field == .owner })
            var request = URLRequest(url: URL(string: "\(base)/api/projects/1/event_definitions/\(owned.eventID)/")!)
            request.httpMethod = "PATCH"
            request.setValue("Bearer \(Self.key)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(#"{"owner": null}"#.utf8)
            _ = try await testSession.data(for: request)
            let skipped = try await steward(["undo", "1"] + common, in: directory)
            #expect(skipped.exitCode == 0 && skipped.standardOutput.contains("changed since the fix"), "\(skipped.standardOutput)")
            // (run 4 undid all but that one; undo run 4, then force run 1's undo)
            #expect(try await steward(["undo", "4"] + common, in: directory).exitCode == 0)
            let forced = try await steward(["undo", "1", "--force"] + common, in: directory)
            #expect(forced.exitCode == 0, "\(forced.standardError)")
            let now = try await exported(base)
            #expect(FixAction.same(FixAction.value(of: .owner, in: now[owned.eventID]!), owned.before))
        }
    }

    @Test func undoOfAnInterruptedRunReversesWhatIsDoneAndNamesWhatIsUnknown() async throws {
        try await withSimulator({
            $0.definitions = 100; $0.seed = 39; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let (directory, plan) = try await planned(base)
            let owners = plan.actions.filter { $0.field == .owner }
            #expect(owners.count >= 3)
            let (written, untouched, unknown) = (owners[0], owners[1], owners[2])
            // Given a run that crashed with three owner changes started: one reached PostHog, one did not, and
            // one definition someone else changed to a third owner meanwhile (deleted: a fourth, done)
            let db = directory.appendingPathComponent("h.sqlite").path
            let store = try HistoryStore.open(at: db, create: true)
            let run = try store.startFixRun(
                kind: .apply, host: plan.host, project: plan.project, policyHash: plan.policyHash, plan: "plan.json",
                actions: [written, untouched, unknown].map { ($0, nil) })
            try store.mark(run.entries.map(\.id), .started)
            func patch(_ id: String, _ body: String) async throws {
                var request = URLRequest(url: URL(string: "\(base)/api/projects/1/event_definitions/\(id)/")!)
                request.httpMethod = "PATCH"
                request.setValue("Bearer \(Self.key)", forHTTPHeaderField: "Authorization")
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                request.httpBody = Data(body.utf8)
                let (_, response) = try await testSession.data(for: request)
                #expect((response as? HTTPURLResponse)?.statusCode == 200)
            }
            guard case .owner(let writtenID?, _) = written.after else { Issue.record("owner fix without an id"); return }
            try await patch(written.eventID, #"{"owner": \#(writtenID)}"#)
            // The organization's members, as the owners the project already has.
            let members = Set(try await exported(base).values.compactMap { $0.owner?.id })
            let third = members.sorted().first { id in
                if case .owner(let a, _) = unknown.after, a == id { return false }
                if case .owner(let b, _) = unknown.before, b == id { return false }
                return true
            }
            try await patch(unknown.eventID, #"{"owner": \#(try #require(third))}"#)
            // When it is undone without ever being resumed
            let undone = try await steward(["undo", "1", "--host", base, "--yes", "--db", "h.sqlite"] + Self.noLimits, in: directory)
            #expect(undone.exitCode == 0, "\(undone.standardError)")
            // Then what was written is reversed, what never arrived is left, and the unknown one is named
            let now = try await exported(base)
            #expect(FixAction.same(FixAction.value(of: .owner, in: now[written.eventID]!), written.before))
            #expect(undone.standardOutput.contains("1 change of fix run 1 never reached PostHog"), "\(undone.standardOutput)")
            #expect(undone.standardOutput.contains("unknown: fix run 1 was interrupted"), "\(undone.standardOutput)")
            let journal = try HistoryStore.open(at: db, create: false).fixRun(2)!
            #expect(journal.entries.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.done, .skipped])
        }
    }
}
