import Foundation
import GRDB
import PostHogAPI
import PostHogSimulator
import StewardCore
import StewardHistory
import StewardKit
import StewardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// History against posthog-sim: change definitions through PostHog's API between audits and check that
/// history, `steward history` and `--new-only` see exactly those changes.
@Suite struct HistoryIntegrationTests {
    static let key = "phx_posthog_sim_local_key"
    static let policy = "rules: { owner_required: error, stale_not_hidden: { severity: warning, after_days: 90 } }\n"

    func steward(_ arguments: [String], in directory: URL) async throws -> StewardProcess.Result {
        try await StewardProcess.run(
            arguments, in: directory,
            environment: ["POSTHOG_PERSONAL_API_KEY": Self.key, "POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": ""])
    }

    func audit(_ base: String, in directory: URL, _ extra: [String] = []) async throws -> StewardProcess.Result {
        try await steward(
            ["audit", "--host", base, "--project", "1", "--policy", "policy.yml", "--db", "history.sqlite", "--now", "2026-06-01"]
                + extra, in: directory)
    }

    /// Sends a JSON request to the simulator as PostHog's API, returning the decoded answer.
    @discardableResult
    func send(_ method: String, _ url: String, _ body: [String: Any]) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(Self.key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await testSession.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        #expect((200..<300).contains(status), "\(method) \(url): \(status) \(String(decoding: data, as: UTF8.self))")
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    func keys(_ findings: Any?) -> Set<FindingKey> {
        Set(((findings as? [[String: Any]]) ?? []).map { FindingKey(eventID: $0["event_id"] as! String, ruleID: $0["rule"] as! String) })
    }

    @Test func changesThroughTheAPIShowUpAsExactlyThoseNewAndResolvedFindings() async throws {
        try await withSimulator({
            $0.definitions = 600; $0.seed = 11
        }) { base in
            let directory = Fixtures.temporaryDirectory("history-sim")
            _ = Fixtures.write(Self.policy, to: "policy.yml", in: directory)
            // Given a first audit
            let first = try await audit(base, in: directory, ["--format", "json", "--fail-on", "never"])
            #expect(first.exitCode == 0, "\(first.standardError)")
            let report = try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as! [String: Any]
            let findings = report["findings"] as! [[String: Any]]
            let definitions = try await exported(base)
            let unowned = findings.first { $0["rule"] as? String == "owner_required" }!["event_id"] as! String
            let stale =
                findings.first { $0["rule"] as? String == "stale_not_hidden" && $0["event_id"] as? String != unowned }!["event_id"]
                as! String
            let someone = definitions.values.compactMap(\.owner?.id).min()!

            // When an owner is set, a stale event hidden, and an unowned event created, through the API
            let api = base + "/api/projects/1/event_definitions/"
            try await send("PATCH", api + unowned + "/", ["owner": someone])
            try await send("PATCH", api + stale + "/", ["hidden": true])
            let created = try await send("POST", api, ["name": "checkout_abandoned_without_owner"])["id"] as! String

            // Then the next audit's history has exactly those as resolved and new, and --new-only fails on the new one
            let second = try await audit(base, in: directory, ["--new-only"])
            #expect(second.exitCode == 1, "\(second.standardOutput)\(second.standardError)")
            #expect(second.standardOutput.contains("gate: failed by 1 new finding at or above error"))
            let show = try await steward(["history", "show", "latest", "--db", "history.sqlite", "--format", "json"], in: directory)
            let detail = try JSONSerialization.jsonObject(with: Data(show.standardOutput.utf8)) as! [String: Any]
            #expect(keys(detail["new"]) == [FindingKey(eventID: created, ruleID: "owner_required")])
            #expect(
                keys(detail["resolved"]) == [
                    FindingKey(eventID: unowned, ruleID: "owner_required"), FindingKey(eventID: stale, ruleID: "stale_not_hidden"),
                ])
            let list = try await steward(["history", "--db", "history.sqlite"], in: directory)
            let latestRow = list.standardOutput.split(separator: "\n")[1].split(separator: " ", omittingEmptySubsequences: true)
            #expect(
                latestRow[0] == "2" && latestRow[latestRow.count - 3] == "1" && latestRow[latestRow.count - 2] == "2",
                "\(list.standardOutput)")

            // And with nothing new, --new-only passes while the plain gate still fails on the old errors
            #expect(try await audit(base, in: directory, ["--new-only"]).exitCode == 0)
            #expect(try await audit(base, in: directory).exitCode == 1)
            // The key is in no output and nowhere in the history file
            let bytes = try Data(contentsOf: directory.appendingPathComponent("history.sqlite"))
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil)
            #expect(!second.standardOutput.contains(Self.key) && !second.standardError.contains(Self.key))
        }
    }

    @Test func aCrawlCutShortIsAFailedRunThatLeavesEveryFindingOpen() async throws {
        var configuration = SimulatorConfiguration()
        configuration.now = 1_780_272_000_000_000
        configuration.definitions = 3_000
        let simulator = try makeSimulator(configuration: configuration)
        let serving = Task { try await simulator.run() }
        defer { serving.cancel() }
        try await simulator.waitUntilListening()
        let base = await simulator.baseURL
        let directory = Fixtures.temporaryDirectory("history-cut")
        let path = directory.appendingPathComponent("history.sqlite").path
        let policyPath = Fixtures.write(Self.policy, to: "policy.yml", in: directory)
        func options(progress: (@Sendable (DefinitionCrawler.Progress) async -> Void)? = nil) -> AuditPipeline.Options {
            var source = remote(base, pageSize: 100, concurrency: 1)
            // The cut audit gives up after two attempts; the complete one keeps the patience of the other tests, so a
            // request slowed by a loaded machine is retried rather than failing the setup.
            if progress != nil { source.retry.maxAttempts = 2 }
            source.progress = progress
            var options = AuditPipeline.Options(source: .remote(source), now: Fixtures.now)
            options.policies = [policyPath]
            options.historyPath = path
            options.failOn = .off
            return options
        }
        // Given a complete first audit
        _ = try await AuditPipeline().run(options())
        let store = try HistoryStore.open(at: path, create: false)
        let openBefore = try store.openFindings(asOf: .latest)
        #expect(!openBefore.isEmpty)
        // When the simulator stops after the first page of the next audit
        let cut = options(progress: { progress in if progress.pages == 1 { await simulator.stop() } })
        var failure: StewardError?
        do { _ = try await AuditPipeline().run(cut) } catch { failure = error }
        #expect(failure?.exitCode == 3)
        // Then the run is recorded as failed, and every finding that was open is still open
        let runs = try store.runs()
        #expect(runs.map(\.status) == [.failed, .complete])
        #expect(runs[0].error?.isEmpty == false && runs[0].newFindings == 0 && runs[0].resolvedFindings == 0)
        #expect(try store.openFindings(asOf: .latest) == openBefore)
    }

    @Test func twoAuditsAtOnceOnOneDatabaseBothFinish() async throws {
        try await withSimulator({ $0.definitions = 3_000 }) { base in
            let directory = Fixtures.temporaryDirectory("history-concurrent")
            _ = Fixtures.write(Self.policy, to: "policy.yml", in: directory)
            async let first = audit(base, in: directory, ["--fail-on", "never"])
            async let second = audit(base, in: directory, ["--fail-on", "never"])
            let results = try await [first, second]
            #expect(results.map(\.exitCode) == [0, 0], "\(results.map(\.standardError))")
            let store = try HistoryStore.open(at: directory.appendingPathComponent("history.sqlite").path, create: false)
            #expect(try store.integrityCheck() == ["ok"])
            let runs = try store.runs()
            try #require(runs.count == 2, "\(runs)")
            #expect(runs.allSatisfy { $0.status == .complete })
            // One of them opened every finding; the other, recorded after it, found nothing new
            #expect(runs.map(\.newFindings).sorted() == [0, runs[1].errors + runs[1].warnings])
        }
    }
}
