import Foundation
import GRDB
import StewardCore
import StewardHistory
import StewardTestSupport
import Testing

/// Findings keyed by (definition, rule, opened run) in one B-tree (migration `2026-12-07-finding-by-key`):
/// severity changes and closing find their row by that key, a finding that opens again is a row of its own,
/// and the one-open-finding-per-(definition, rule) rule the old index stood behind is still kept.
@Suite struct FindingByKeyTests {
    static let project: [EventDefinition] = [
        .example("unowned_clicked", owner: nil),
        .example("also_unowned", owner: nil),
        .example("clean_signed_up"),
    ]

    func store() throws -> (HistoryStore, String) {
        let path = Fixtures.temporaryDirectory("finding-key").appendingPathComponent("history.sqlite").path
        return (try HistoryStore.open(at: path, create: true), path)
    }

    @discardableResult
    func record(_ store: HistoryStore, _ definitions: [EventDefinition], severity: String = "error") throws -> RecordedRun {
        let policy = try PolicyLoader().load(text: "rules: { owner_required: \(severity) }", file: "test.yml")
        let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
        return try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: severity, toolVersion: "0.0.0",
                outcome: .audited(definitions: definitions, result: result, complete: true)))
    }

    /// Every finding row as (event id, opened run, closed run, severity), in key order.
    func rows(_ path: String) throws -> [[String]] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.event_id, f.opened_run, f.closed_run, f.severity FROM finding f JOIN definition d ON d.id = f.definition
                    ORDER BY f.definition, f.rule, f.opened_run
                    """
            ).map { row in
                [row[0] as String, "\(row[1] as Int64)", (row[2] as Int64?).map { "\($0)" } ?? "open", "\(row[3] as Int64)"]
            }
        }
    }

    @Test func theFindingTableIsOneBTreeKeyedByDefinitionRuleAndOpeningRun() throws {
        let (_, path) = try store()
        try DatabaseQueue(path: path).read { db in
            #expect(try db.primaryKey("finding").columns == ["definition", "rule", "opened_run"])
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'finding'") ?? ""
            #expect(sql.contains("WITHOUT ROWID"))
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'finding'")
            #expect(indexes == ["finding_by_closed"])
        }
    }

    @Test func aSeverityChangeUpdatesTheOpenRowAndClosingAndReopeningMakeRowsOfTheirOwn() throws {
        let (store, path) = try store()
        // Run 1 opens two errors; run 2 judges them as warnings under another policy
        try record(store, Self.project)
        let second = try record(store, Self.project, severity: "warning")
        #expect(second.newCount == 0 && second.resolved.isEmpty)
        #expect(
            try rows(path) == [
                ["example-also_unowned", "1", "open", "2"],
                ["example-unowned_clicked", "1", "open", "2"],
            ])
        // Run 3: one gets an owner, so it closes; run 4: the owner is gone again, so it opens anew
        var owned = Self.project
        owned[0].owner = User(id: 1, email: "ana@example.com")
        let third = try record(store, owned, severity: "warning")
        #expect(third.resolved.map(\.eventID) == ["example-unowned_clicked"])
        let fourth = try record(store, Self.project, severity: "warning")
        #expect(fourth.newCount == 1)
        #expect(
            try rows(path) == [
                ["example-also_unowned", "1", "open", "2"],
                ["example-unowned_clicked", "1", "3", "2"],
                ["example-unowned_clicked", "4", "open", "2"],
            ])
        #expect(try store.openFindings(asOf: .latest).map(\.eventID).sorted() == ["example-also_unowned", "example-unowned_clicked"])
        #expect(try store.integrityCheck() == ["ok"])
    }

    @Test func aFileHoldingTwoOpenFindingsOfOneDefinitionAndRuleIsRefusedAndNothingIsWritten() throws {
        let (store, path) = try store()
        try record(store, Self.project)
        // A second open row for the same definition and rule, as only an edit outside Steward can make
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    INSERT INTO finding (definition, rule, opened_run, severity, message, value, named, closed_run)
                    SELECT definition, rule, opened_run + 1, severity, message, value, named, NULL FROM finding LIMIT 1
                    """)
        }
        let before = try rows(path)
        let runs = try store.runs().count
        // A run with something new, so it compares its findings with the open ones
        #expect {
            try record(store, Self.project + [.example("new_unowned", owner: nil)])
        } throws: { error in
            guard let error = error as? StewardError else { return false }
            return error.kind == .storage && error.message.contains("two open findings")
        }
        #expect(try rows(path) == before)
        #expect(try store.runs().count == runs)
    }
}
