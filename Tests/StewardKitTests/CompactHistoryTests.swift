import Foundation
import GRDB
import StewardCore
import StewardHistory
import StewardKit
import StewardTestSupport
import Testing

/// Findings stored as numbers and shared texts (migration `2026-12-02-compact-findings`): a file written by
/// the Steward before it is migrated in place and reads the same, and new runs read back what they said.
@Suite struct CompactHistoryTests {
    static let fixtures = StewardProcess.packageRoot.appendingPathComponent("Tests/Fixtures/history-v2")

    /// A copy of the older file, so the fixture itself is never migrated.
    func olderHistory() throws -> String {
        let directory = Fixtures.temporaryDirectory("compact-history")
        let path = directory.appendingPathComponent("history.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("v2-history.sqlite").path, toPath: path)
        return path
    }

    /// The JSON report of a run, without the tool that wrote it.
    func report(_ path: String, run: Int64) throws -> NSDictionary {
        let written = try ReportFromHistory().write(path: path, run: RunReference("\(run)")!, formats: ["json"], outputDirectory: nil)
        return try Self.withoutTool(Data(written.standardOutput.utf8))
    }

    static func withoutTool(_ data: Data) throws -> NSDictionary {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return object.filter { $0.key != "tool" } as NSDictionary
    }

    @Test func anOlderFileIsMigratedInPlaceAndEveryReportReadsTheSame() throws {
        let path = try olderHistory()
        for run in [1, 2] as [Int64] {
            let before = try Self.withoutTool(Data(contentsOf: Self.fixtures.appendingPathComponent("report-run\(run).json")))
            let after = try report(path, run: run)
            #expect(after == before, "run \(run) reads differently after the migration")
            #expect(((after["findings"] as? [Any])?.count ?? 0) > 50)
        }
        let db = try DatabaseQueue(path: path)
        try db.read { db in
            #expect(try String.fetchAll(db, sql: "SELECT name FROM steward_migration ORDER BY rowid").last == "2026-12-02-compact-findings")
            let columns = try db.columns(in: "finding").map(\.name)
            #expect(!columns.contains("value_text") && columns.contains("named"))
            #expect(try db.columns(in: "finding").first { $0.name == "message" }?.type == "INTEGER")
            // 137 findings, a few dozen texts: the messages differ only in the names.
            let findings = try Int.fetchOne(db, sql: "SELECT count(*) FROM finding") ?? 0
            let texts = try Int.fetchOne(db, sql: "SELECT count(*) FROM finding_text") ?? 0
            #expect(findings == 137)
            #expect(texts > 0 && texts * 2 < findings)
            #expect(try db.indexes(on: "finding").map(\.name).sorted() == ["finding_by_closed", "finding_open_key"])
        }
    }

    @Test func aRenamedDefinitionsNewFindingsKeepTheNameTheyWereMadeWith() throws {
        let path = try olderHistory()
        let store = try HistoryStore.open(at: path, create: false)
        // History recorded this id under its first name; the project now calls it something else.
        let recorded = try store.recordedAudit(.latest)
        let renamed = try #require(recorded.findings.first { $0.message.contains("Application Updated renamed") })
        let definition = EventDefinition(id: renamed.eventID, name: "Application Updated, once more")
        // A rule the definition had no finding of, so this run opens one.
        let policy = try PolicyLoader().load(text: "rules: { tags_required: warning }", file: "t.yml")
        let result = try Linter(policy: policy, now: Fixtures.now).lint([definition])
        let run = try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
                outcome: .audited(definitions: [definition], result: result, complete: false)))
        let audit = try store.recordedAudit(.id(run.id))
        let messages = audit.findings.filter { $0.openedRun == run.id }.map(\.message).sorted()
        #expect(messages.count == 1)
        #expect(messages == result.findings.map(\.message).sorted())
        #expect(messages.allSatisfy { $0.contains("'Application Updated, once more'") })
    }

    @Test func aFirstRunStoresEachSharedTextOnce() throws {
        let directory = Fixtures.temporaryDirectory("compact-history")
        let path = directory.appendingPathComponent("history.sqlite").path
        let store = try HistoryStore.open(at: path, create: true)
        let definitions = (0..<300).map {
            EventDefinition(id: "id-\($0)", name: "event_\($0 % 7)_\(String(repeating: "x", count: $0 % 5))")
        }
        let policy = try PolicyLoader().load(text: "rules: { owner_required: error, description_required: warning }", file: "t.yml")
        let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
        let run = try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
                outcome: .audited(definitions: definitions, result: result, complete: true)))
        let read = try store.recordedAudit(.id(run.id)).findings
        #expect(read.count == 600)
        #expect(
            Set(read.map { "\($0.eventID) \($0.ruleID) \($0.severity) \($0.message) \($0.value ?? "-")" })
                == Set(result.findings.map { "\($0.eventID) \($0.ruleID) \($0.severity) \($0.message) \($0.value ?? "-")" }))
        let texts = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM finding_text") ?? 0 }
        #expect(texts == 2)
    }
}
