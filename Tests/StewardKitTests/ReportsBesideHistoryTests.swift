import Foundation
import GRDB
import StewardCore
import StewardHistory
import StewardKit
import StewardReports
import StewardTestSupport
import Testing

/// Reports are made while history writes its rows: they must say what history then holds, and appear
/// only when history has it.
@Suite struct ReportsBesideHistoryTests {
    let directory = Fixtures.temporaryDirectory("beside")

    func options(_ definitions: [EventDefinition], history: String) -> AuditPipeline.Options {
        let path = Fixtures.write(Fixtures.listResponse(definitions), to: "defs.json", in: directory)
        var options = AuditPipeline.Options(fromFile: path, now: Fixtures.now)
        options.formats = ["json", "html", "markdown"]
        options.outputDirectory = directory.appendingPathComponent("out").path
        options.policies = ["default"]
        options.failOn = .off
        options.historyPath = history
        return options
    }

    static func execute(_ sql: String, in path: String) throws {
        try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
    }

    @Test func reportsSayWhatHistoryRecorded() async throws {
        let history = directory.appendingPathComponent("history.sqlite").path
        let project = SyntheticProject(count: 3_000, seed: 3).definitions()
        _ = try await AuditPipeline().run(options(project, history: history))
        // The second audit: one definition gains an owner problem, another is gone.
        var changed = Array(project.dropLast())
        changed[0].owner = nil
        let outcome = try await AuditPipeline().run(options(changed, history: history))
        let store = try HistoryStore.open(at: history, create: false)
        let detail = try store.detail(.latest)
        let reported = try #require(outcome.report.history)
        #expect(reported.runID == detail.run.id)
        #expect(reported.newCount == detail.new.count)
        #expect(reported.resolved.count == detail.resolved.count)
        #expect(reported.resolved.count > 0)
        let runs = try store.runs(limit: 10)
        #expect(outcome.report.trend.map(\.runID) == runs.map(\.id).reversed())
        #expect(outcome.report.trend.last?.score == runs.first?.score)
        #expect(outcome.report.trend.last?.errors == runs.first?.errors)
        // The counts by rule, owner and tag are made once for both: the report's tables are history's rows.
        let breakdown = try #require(outcome.report.breakdown)
        func rows(_ counts: [RunDetail.Count]) -> [String] { counts.map { "\($0.key) \($0.errors)/\($0.warnings)/\($0.infos)" } }
        func rows(_ counts: [ReportBreakdown.Row]) -> [String] { counts.map { "\($0.key) \($0.errors)/\($0.warnings)/\($0.infos)" } }
        #expect(rows(breakdown.byRule) == rows(detail.byRule) && rows(breakdown.byOwner) == rows(detail.byOwner))
        #expect(rows(breakdown.byTag) == rows(detail.byTag) && detail.byOwner.contains { $0.key == "(no owner)" })
        let summary = outcome.report.result.summary
        #expect(detail.byRule.map(\.errors).reduce(0, +) == summary.errors && summary.errors > 0)
        let json = try String(contentsOfFile: directory.appendingPathComponent("out/steward-report.json").path, encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let recorded = try #require(object["history"] as? [String: Any])
        #expect(recorded["run"] as? Int64 == detail.run.id)
        #expect(recorded["new"] as? Int == detail.new.count)
    }

    @Test func aHistoryWriteThatFailsAfterTheDiffLeavesTheEarlierReports() async throws {
        let history = directory.appendingPathComponent("failing.sqlite").path
        let project = SyntheticProject(count: 2_000, seed: 4).definitions()
        _ = try await AuditPipeline().run(options(project, history: history))
        let out = directory.appendingPathComponent("out")
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted().map {
            ($0, try Data(contentsOf: out.appendingPathComponent($0)))
        }
        var changed = project
        for index in 0..<50 { changed[index].owner = nil }
        // Opening new findings fails, which happens only after the diff was handed to the reports. The
        // fault is a trigger added once the audit has opened (and vetted) the history: by the server, as it
        // answers the first request, since Steward refuses a history that already holds a foreign trigger.
        let pages = changed.sorted { $0.name < $1.name }
        let armed = NSLock()
        nonisolated(unsafe) var fault = false  // read and written only under `armed`
        let server = try HostileServer { request, connection in
            armed.withLock {
                if !fault {
                    fault = true
                    try? Self.execute(
                        "CREATE TRIGGER no_new_findings BEFORE INSERT ON finding BEGIN SELECT RAISE(ABORT, 'disk is full'); END",
                        in: history)
                }
            }
            let query = URLComponents(string: request.target)?.queryItems ?? []
            let limit = query.first { $0.name == "limit" }?.value.flatMap(Int.init) ?? 100
            let offset = min(pages.count, query.first { $0.name == "offset" }?.value.flatMap(Int.init) ?? 0)
            let slice = Array(pages[offset..<min(pages.count, offset + limit)])
            connection.respond(json: Fixtures.listResponse(slice, count: pages.count))
        }
        defer { server.stop() }
        var remote = DefinitionSource.RemoteOptions(host: server.base, project: "1")
        remote.environment = ["POSTHOG_PERSONAL_API_KEY": "phx_beside_history_test"]
        remote.perMinute = 0
        remote.perHour = 0
        var failing = options(changed, history: history)
        failing.source = .remote(remote)
        await #expect {
            _ = try await AuditPipeline().run(failing)
        } throws: { error in
            guard let error = error as? StewardError else { return false }
            return error.exitCode == 4 && error.message.contains("disk is full")
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted().map {
            ($0, try Data(contentsOf: out.appendingPathComponent($0)))
        }
        #expect(after.map(\.0) == before.map(\.0), "no temporary file is left behind")
        #expect(after.map(\.1) == before.map(\.1), "the earlier reports are untouched")
        // The fault removed, the history holds the first run only.
        try Self.execute("DROP TRIGGER no_new_findings", in: history)
        #expect(try HistoryStore.open(at: history, create: false).runs(limit: 10).count == 1)
    }
}
