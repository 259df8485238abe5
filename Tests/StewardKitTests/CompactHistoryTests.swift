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
            #expect(
                try String.fetchAll(db, sql: "SELECT name FROM steward_migration ORDER BY rowid").suffix(4)
                    == ["2026-12-02-compact-findings", "2026-12-07-lean-rows", "2026-12-07-finding-by-key", "2026-12-07-version-instants"])
            let columns = try db.columns(in: "finding").map(\.name)
            #expect(!columns.contains("value_text") && columns.contains("named"))
            #expect(try db.columns(in: "finding").first { $0.name == "message" }?.type == "INTEGER")
            // 137 findings, a few dozen texts: the messages differ only in the names.
            let findings = try Int.fetchOne(db, sql: "SELECT count(*) FROM finding") ?? 0
            let texts = try Int.fetchOne(db, sql: "SELECT count(*) FROM finding_text") ?? 0
            #expect(findings == 137)
            #expect(texts > 0 && texts * 2 < findings)
            // Keyed by (definition, rule, opened run), without the rowid table's partial index of open findings
            #expect(try db.primaryKey("finding").columns == ["definition", "rule", "opened_run"])
            #expect(
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'finding'")
                    == ["finding_by_closed"])
        }
    }

    @Test func migratedTextsAreFoundByTheirHashAndVersionsCarryNoForeignKeys() throws {
        // Given the older file, migrated in place
        let path = try olderHistory()
        let columns =
            "definition, run, removed, name, owner_id, owner, description, tags, hidden, verified, enforcement_mode"
        let versions = try DatabaseQueue(path: path).read { db in try Row.fetchSet(db, sql: "SELECT \(columns) FROM definition_version") }
        _ = try HistoryStore.open(at: path, create: false)
        try DatabaseQueue(path: path).read { db in
            // Then every text carries the hash it is looked up by, and the only index on texts is that hash
            let texts = try Row.fetchAll(db, sql: "SELECT text, hash FROM finding_text")
            #expect(texts.count > 10)
            for row in texts {
                var hash = StableHash()
                hash.combine(row[0] as String)
                #expect(row[1] as Int64 == hash.int64)
            }
            #expect(try db.indexes(on: "finding_text").map(\.name) == ["finding_text_by_hash"])
            // And versions are checked by Steward's own writes, not by foreign keys
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(definition_version)").isEmpty)
            #expect(try Row.fetchSet(db, sql: "SELECT \(columns) FROM definition_version") == versions)
            #expect(versions.count > 50)
        }
    }

    @Test func versionInstantsBecomeTheSameInstantsAsMicrosecondsAndReadBackAsTheyWere() throws {
        // Given the older file, whose versions hold their instants as ISO 8601 text
        let path = try olderHistory()
        let key = "CAST(definition AS TEXT) || '/' || CAST(run AS TEXT)"
        let instants = "verified_at, created_at, updated_at"
        let texts = try DatabaseQueue(path: path).read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT \(key), \(instants) FROM definition_version").map { row in
                    (row[0] as String, [row[1] as String?, row[2] as String?, row[3] as String?])
                })
        }
        #expect(texts.values.contains { $0[1] != nil } && texts.values.contains { $0[0] != nil })
        let before = try ReportFromHistory().write(path: path, run: RunReference("2")!, formats: ["json"], outputDirectory: nil)
        // When it is migrated
        _ = try HistoryStore.open(at: path, create: false)
        // Then each instant is the microseconds since 1970 of the text it was, nulls stay null
        try DatabaseQueue(path: path).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(key), \(instants) FROM definition_version")
            #expect(rows.count == texts.count)
            for row in rows {
                let was = try #require(texts[row[0] as String])
                for column in 0..<3 {
                    let expected = was[column].map { Timestamp(iso8601: $0)!.epochMicroseconds }
                    #expect(row[column + 1] as Int64? == expected, "\(row[0] as String) column \(column)")
                }
            }
        }
        // And what history reports about its definitions reads the same
        let after = try ReportFromHistory().write(path: path, run: RunReference("2")!, formats: ["json"], outputDirectory: nil)
        let (was, now) = (try Self.withoutTool(Data(before.standardOutput.utf8)), try Self.withoutTool(Data(after.standardOutput.utf8)))
        #expect(now == was)
    }

    @Test func aVersionInstantThatIsNotATimestampStopsTheMigrationAndChangesNothing() throws {
        let path = try olderHistory()
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    UPDATE definition_version SET created_at = 'last tuesday'
                    WHERE (definition, run) = (SELECT definition, run FROM definition_version ORDER BY definition, run LIMIT 1)
                    """)
        }
        #expect {
            _ = try HistoryStore.open(at: path, create: false)
        } throws: { error in
            guard let error = error as? StewardError else { return false }
            return error.kind == .storage && error.message.contains("'last tuesday' is not a timestamp")
        }
        // The step is not recorded and the table keeps its text column and the bad value
        let (applied, type, value) = try DatabaseQueue(path: path).read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM steward_migration"),
                try String.fetchOne(db, sql: "SELECT type FROM pragma_table_info('definition_version') WHERE name = 'created_at'"),
                try String.fetchOne(db, sql: "SELECT created_at FROM definition_version WHERE created_at = 'last tuesday'")
            )
        }
        #expect(!applied.contains("2026-12-07-version-instants") && applied.contains("2026-12-07-finding-by-key"))
        #expect(type == "TEXT" && value == "last tuesday")
    }

    @Test func aTextAnEarlierRunStoredIsFoundAgainNotStoredTwiceAndAHashCollisionIsNotTakenForIt() throws {
        // Given a history whose first run stored the owner and description messages
        let directory = Fixtures.temporaryDirectory("compact-history")
        let path = directory.appendingPathComponent("history.sqlite").path
        let store = try HistoryStore.open(at: path, create: true)
        let policy = try PolicyLoader().load(text: "rules: { owner_required: error, description_required: warning }", file: "t.yml")
        func record(_ definitions: [EventDefinition]) throws -> (run: RecordedRun, result: LintResult) {
            let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
            let run = try store.record(
                RunInput(
                    startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
                    outcome: .audited(definitions: definitions, result: result, complete: false)))
            return (run, result)
        }
        _ = try record([EventDefinition(id: "a", name: "first_event")])
        let queue = try DatabaseQueue(path: path)
        let stored = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, template, text, hash FROM finding_text ORDER BY id") }
        #expect(stored.count == 2)  // the two rules' message templates (their findings have no value)
        // and a decoy that shares each stored text's template flag and hash but not its text, with a lower id
        // (rows of one hash come out of the index in id order, so a lookup by hash alone would find the decoy)
        try queue.write { db in
            for row in stored {
                try db.execute(
                    sql: "INSERT INTO finding_text (id, template, text, hash) VALUES (?, ?, ?, ?)",
                    arguments: [-(row[0] as Int64), row[1] as Int64, "decoy " + (row[2] as String), row[3] as Int64])
            }
        }
        // When a later run opens the same findings for another definition
        let (run, result) = try record([EventDefinition(id: "b", name: "second_event")])
        // Then its findings point at the texts already stored, none at a decoy, and no text is added
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM finding_text") == stored.count * 2)
            let used = try Int64.fetchAll(db, sql: "SELECT message FROM finding WHERE opened_run = ? ORDER BY message", arguments: [run.id])
            #expect(used.count == 2)
            #expect(Set(used).isSubset(of: Set(stored.map { $0[0] as Int64 })))
        }
        let read = try store.recordedAudit(.id(run.id)).findings.filter { $0.openedRun == run.id }
        #expect(read.map(\.message).sorted() == result.findings.map(\.message).sorted())
        #expect(read.map { $0.value ?? "-" }.sorted() == result.findings.map { $0.value ?? "-" }.sorted())
    }

    @Test func runsThatOpenThousandsOfFindingsReadBackWhatTheySaidRenamedDefinitionsIncluded() throws {
        // Given a first run that opens 6,000 findings (enough for their rows to be made beside the writing)
        let directory = Fixtures.temporaryDirectory("compact-history")
        let path = directory.appendingPathComponent("history.sqlite").path
        let store = try HistoryStore.open(at: path, create: true)
        func record(_ definitions: [EventDefinition], rules: String) throws -> (run: RecordedRun, result: LintResult) {
            let policy = try PolicyLoader().load(text: "rules: { \(rules) }", file: "t.yml")
            let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
            let run = try store.record(
                RunInput(
                    startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: rules, toolVersion: "0.0.0",
                    outcome: .audited(definitions: definitions, result: result, complete: true)))
            return (run, result)
        }
        func said(_ findings: [Finding]) -> [String] {
            findings.map { "\($0.eventID) \($0.ruleID) \($0.severity) \($0.message) \($0.value ?? "-")" }.sorted()
        }
        func read(_ run: RecordedRun) throws -> [String] {
            try store.recordedAudit(.id(run.id)).findings.filter { $0.openedRun == run.id }
                .map { "\($0.eventID) \($0.ruleID) \($0.severity) \($0.message) \($0.value ?? "-")" }.sorted()
        }
        var definitions = (0..<3_000).map { EventDefinition(id: "id-\($0)", name: "event_\($0 % 11)_\($0)", tags: []) }
        let first = try record(definitions, rules: "owner_required: error, description_required: warning")
        #expect(first.result.findings.count == 6_000)
        #expect(try read(first.run) == said(first.result.findings))
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM finding_text") } == 2)
        // When a new policy opens thousands more on the same definitions, one of them renamed since
        definitions[7].name = "renamed_since"
        let second = try record(definitions, rules: "tags_required: warning, verified_required: info")
        // Then every new finding reads back as it was said, the renamed one under the name it was made with
        #expect(second.result.findings.count == 6_000)
        #expect(try read(second.run) == said(second.result.findings))
        #expect(try read(second.run).contains { $0.hasPrefix("id-7 tags_required") && $0.contains("'renamed_since'") })
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
        let (texts, pageSize) = try DatabaseQueue(path: path).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM finding_text") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
        #expect(texts == 2)
        // A new file gets 16 KiB pages (set before WAL mode, after which it could not change).
        #expect(pageSize == 16_384)
    }
}
