import Foundation
import GRDB
import StewardCore
import StewardHistory
import StewardTestSupport
import Synchronization
import Testing

/// The finding lifecycle, definition versions and retention, against a real SQLite file per test.
@Suite struct HistoryStoreTests {
    static let policy =
        "rules: { owner_required: error, stale_not_hidden: { severity: warning, after_days: 90 }, description_required: warning }"

    func lint(_ definitions: [EventDefinition]) throws -> LintResult {
        let policy = try PolicyLoader().load(text: Self.policy, file: "test.yml")
        return try Linter(policy: policy, now: Fixtures.now).lint(definitions)
    }

    func input(_ definitions: [EventDefinition], complete: Bool = true) throws -> RunInput {
        RunInput(
            startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
            outcome: .audited(definitions: definitions, result: try lint(definitions), complete: complete))
    }

    /// Records a run and returns it with the keys it opened.
    func record(_ store: HistoryStore, _ definitions: [EventDefinition], complete: Bool = true) throws -> (
        run: RecordedRun, new: Set<FindingKey>
    ) {
        let result = try lint(definitions)
        let run = try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
                outcome: .audited(definitions: definitions, result: result, complete: complete)))
        return (run, run.newKeys(in: result))
    }

    func store() throws -> (HistoryStore, String) {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent(".steward/history.sqlite").path
        return (try HistoryStore.open(at: path, create: true), path)
    }

    func count(_ path: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    /// A small project: one unowned event, one stale visible event, one clean event.
    static let project: [EventDefinition] = [
        .example("unowned_clicked", owner: nil),
        .example("old_page_viewed", lastSeenDaysAgo: 400),
        .example("clean_signed_up"),
    ]

    @Test func twoProcessesMakingOneNewHistoryAtOnceBothOpenIt() throws {
        // Each open is its own SQLite connection, as two steward processes are; they race to make and migrate
        // the new file (and, finding it made, to turn it to WAL), and none may fail with "locked".
        for attempt in 0..<12 {
            let path = Fixtures.temporaryDirectory("race").appendingPathComponent("attempt-\(attempt).sqlite").path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                do {
                    _ = try HistoryStore.open(at: path, create: true)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty, "attempt \(attempt): \(failures.withLock { $0 })")
            #expect(try HistoryStore.open(at: path, create: false).integrityCheck() == ["ok"])
        }
    }

    /// The journal mode a new connection finds the file in ("wal" is kept in the file; otherwise SQLite's default).
    func journalMode(_ path: String) throws -> String? {
        try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    }

    @Test func aNewFileTakesItsFirstRunWithTheRollbackJournalThenTurnsToWAL() throws {
        let (store, path) = try store()
        // A new file waits for its first run before it turns to WAL (that run's pages are then written once)
        #expect(try journalMode(path) == "delete")
        _ = try record(store, Self.project)
        // Then it is in WAL mode, no journal is left beside it, and the run reads back
        #expect(try journalMode(path) == "wal")
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        #expect(try store.runs().count == 1)
        let second = try record(store, Self.project)
        #expect(second.new.isEmpty)
    }

    @Test func aFileWhoseFirstRunNeverFinishedTurnsToWALWhenOpened() throws {
        let path: String
        do {
            let (store, made) = try store()
            path = made
            // Given a first run that started but never committed (a killed audit)
            let writer = try store.beginRun(
                RunInput(
                    startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
                    outcome: .steps(definitions: Self.project, complete: true)))
            try writer.writeVersions()
            writer.rollBack()
        }
        #expect(try journalMode(path) == "delete")
        // When the file is opened again, it turns to WAL and holds no run
        let reopened = try HistoryStore.open(at: path, create: false)
        #expect(try journalMode(path) == "wal")
        #expect(try reopened.runs().isEmpty)
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func anIDListedTwiceIsRecordedOnceAsItsFirstEntry() throws {
        // Given a file that lists a new id twice (first unowned, then owned) and an id history knows twice
        let (store, path) = try store()
        _ = try record(store, [.example("known_event", owner: nil)])
        let knownID = try #require(try lint([.example("known_event", owner: nil)]).findings.first?.eventID)
        var twiceNew = [EventDefinition.example("fresh_event", owner: nil), .example("fresh_event")]
        twiceNew[1].id = twiceNew[0].id
        var known = EventDefinition.example("known_event", owner: nil)
        known.id = knownID
        var knownAgain = EventDefinition.example("known_event")
        knownAgain.id = knownID
        // When it is recorded
        let (run, new) = try record(store, twiceNew + [known, knownAgain])
        // Then each id has one row, the new one versioned once with its first entry's (unowned) content
        #expect(try count(path, "SELECT count(*) FROM definition") == 2)
        #expect(try count(path, "SELECT count(*) FROM definition_version WHERE run = \(run.id)") == 1)
        #expect(try count(path, "SELECT count(*) FROM definition_version WHERE run = \(run.id) AND owner IS NULL") == 1)
        #expect(new.contains(FindingKey(eventID: twiceNew[0].id, ruleID: "owner_required")))
        #expect(
            try count(
                path, "SELECT count(*) FROM finding WHERE closed_run IS NULL AND rule = (SELECT id FROM rule WHERE name = 'owner_required')"
            ) == 2)
    }

    @Test func newDefinitionsGetRowsInTheByteOrderOfTheirIDs() throws {
        // Given new ids that share their first 16 bytes or more, differ only in length, hold
        // a non-ASCII letter, and one listed twice, in no particular order
        let (store, path) = try store()
        let ids = [
            "0182a5a6-eec8-7f83-af70-160ffd09cf39", "0182a5a6-eec8-7f83-af70-160ffd09cf3", "0182a5a6-eec8-7f83-0000-000000000000",
            "0182a5a6-eec8-7f8", "Zeta", "apple", "é-accent", "e\u{301}-combining",
            "0182a5a6-eec8-7f83-af70-160ffd09cf39",
            "10", "9",
        ]
        let definitions = ids.enumerated().map { offset, id in
            var definition = EventDefinition.example("event_\(offset)")
            definition.id = id
            return definition
        }
        // When they are recorded
        _ = try record(store, definitions)
        // Then rows follow the ids' bytes (the unique index's order), each id once
        let rows = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT event_id FROM definition ORDER BY id") }
        let expected = Array(Set(ids)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(rows == expected)
        #expect(Set(rows).count == rows.count)
    }

    @Test func everyVersionColumnIsStoredAsTheDefinitionSaysItAcrossBatchBoundaries() throws {
        // Given 150 definitions (two full batches of 64 and a shorter last one) whose metadata takes every shape
        // a column can: no owner, an owner known only by id or by name, an empty description, tags that need
        // escaping, flags and timestamps present or not, with and without microseconds
        let (store, path) = try store()
        let definitions = (0..<150).map { index -> EventDefinition in
            let owner: User? =
                switch index % 4 {
                case 0: nil
                case 1: User(id: index)
                case 2: User(firstName: "Ada\(index)", lastName: "Lovelace")
                default: User(id: 7, email: "owner\(index)@example.com")
                }
            return EventDefinition(
                id: "id-\(String(format: "%03d", index))", name: "event_\(index)_" + String(repeating: "é", count: index % 9), owner: owner,
                description: index % 3 == 0 ? "" : index % 3 == 1 ? nil : "Sent when \"\(index)\" happens\n\u{2028}.",
                tags: index % 5 == 0 ? [] : ["t\(index)", "quote\"back\\slash", "line\u{2029}", "é\(index % 2)"],
                createdAt: index % 6 == 0
                    ? nil : Timestamp(seconds: 1_700_000_000 + Int64(index), microseconds: Int32(index % 2 * 123_456)),
                updatedAt: Timestamp(seconds: 1_750_000_000 - Int64(index)), verified: index % 7 == 0 ? nil : index % 2 == 0,
                verifiedAt: index % 7 == 1 ? Timestamp(seconds: 1_760_000_000, microseconds: 1) : nil,
                hidden: index % 3 == 2 ? nil : index % 3 == 0, enforcementMode: index % 4 == 0 ? nil : index % 4 == 1 ? .reject : .allow)
        }
        // When they are recorded
        _ = try record(store, definitions)
        // Then each version row holds exactly the definition's metadata, and reads back as the definition
        let rows = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.event_id, v.name, v.owner_id, v.owner, v.description, v.tags, v.hidden, v.verified, v.verified_at,
                           v.enforcement_mode, v.created_at, v.updated_at
                    FROM definition_version v JOIN definition d ON d.id = v.definition ORDER BY d.event_id
                    """)
        }
        #expect(rows.count == definitions.count)
        for (row, definition) in zip(rows, definitions) {
            #expect(row[0] as String == definition.id)
            #expect(row[1] as String == definition.name)
            #expect(row[2] as Int? == definition.owner?.id)
            #expect(row[3] as String? == definition.owner?.displayName)
            #expect(row[4] as String? == definition.description)
            let tags = try JSONSerialization.jsonObject(with: Data((row[5] as String).utf8)) as? [String]
            #expect(tags == definition.tags)
            #expect(row[6] as Bool? == definition.hidden)
            #expect(row[7] as Bool? == definition.verified)
            // Instants are microseconds since 1970
            #expect(row[8] as Int64? == definition.verifiedAt.map { $0.seconds * 1_000_000 + Int64($0.microseconds) })
            #expect(row[9] as String? == definition.enforcementMode?.rawValue)
            #expect(row[10] as Int64? == definition.createdAt.map { $0.seconds * 1_000_000 + Int64($0.microseconds) })
            #expect(row[11] as Int64? == definition.updatedAt.map { $0.seconds * 1_000_000 + Int64($0.microseconds) })
        }
        let read = try store.recordedAudit(.latest).definitions.sorted { $0.id < $1.id }
        #expect(read.map(\.description) == definitions.map(\.description))
        #expect(read.map(\.tags) == definitions.map(\.tags))
        #expect(read.map(\.createdAt) == definitions.map(\.createdAt))
        #expect(read.map(\.updatedAt) == definitions.map(\.updatedAt))
        #expect(read.map(\.verifiedAt) == definitions.map(\.verifiedAt))
    }

    @Test func firstRunOpensEveryFindingAndAnUnchangedRunChangesNothing() throws {
        // Given a new history
        let (store, path) = try store()
        // When the same project is recorded twice
        let (first, firstNew) = try record(store, Self.project)
        let (second, secondNew) = try record(store, Self.project)
        // Then the first run opens both findings and versions every definition; the second adds only its run row
        #expect(
            firstNew == [
                FindingKey(eventID: "example-unowned_clicked", ruleID: "owner_required"),
                FindingKey(eventID: "example-old_page_viewed", ruleID: "stale_not_hidden"),
            ])
        #expect(first.changedDefinitions == 3)
        #expect(secondNew.isEmpty && second.resolved.isEmpty && second.changedDefinitions == 0)
        #expect(second.previousRunID == first.id)
        #expect(try count(path, "SELECT count(*) FROM definition_version") == 3)
        #expect(try count(path, "SELECT count(*) FROM finding") == 2)
        let runs = try store.runs()
        #expect(runs.map(\.id) == [second.id, first.id])
        #expect(runs[0].errors == 1 && runs[0].warnings == 1 && runs[0].newFindings == 0)
        #expect(runs[1].newFindings == 2 && runs[1].score.map { abs($0 - 200.0 / 3) < 0.01 } == true)
    }

    @Test func changesOpenAndCloseExactlyTheFindingsTheyTouch() throws {
        let (store, path) = try store()
        _ = try store.record(try input(Self.project))
        // When the owner is set, the stale event hidden, and a new unowned event appears
        var changed = Self.project
        changed[0].owner = User(id: 2, email: "bo@example.com")
        changed[1].hidden = true
        changed.append(.example("new_unowned_clicked", owner: nil))
        let (run, new) = try record(store, changed)
        // Then exactly those resolve and open, and only the touched definitions get versions
        #expect(new == [FindingKey(eventID: "example-new_unowned_clicked", ruleID: "owner_required")])
        #expect(
            run.resolved.map(\.key).sorted() == [
                FindingKey(eventID: "example-old_page_viewed", ruleID: "stale_not_hidden"),
                FindingKey(eventID: "example-unowned_clicked", ruleID: "owner_required"),
            ])
        #expect(run.changedDefinitions == 3)
        #expect(try count(path, "SELECT count(*) FROM definition_version") == 6)
        let detail = try store.detail(.latest)
        #expect(detail.new.map(\.eventName) == ["new_unowned_clicked"])
        #expect(detail.resolved.map(\.eventName) == ["old_page_viewed", "unowned_clicked"])
        #expect(detail.byRule.map(\.key) == ["owner_required"])
        #expect(detail.byOwner.map(\.key) == ["(no owner)"])
        #expect(detail.openByAge.map(\.count).reduce(0, +) == 1)
    }

    @Test func anIncompleteRunOpensButNeverCloses() throws {
        let (store, _) = try store()
        _ = try store.record(try input(Self.project))
        // When a partial snapshot misses the unowned event and brings a new violation
        let partial = [Self.project[2], .example("late_unowned", owner: nil)]
        let (run, new) = try record(store, partial, complete: false)
        // Then the new finding opens and nothing is resolved
        #expect(run.status == .incomplete)
        #expect(new.map(\.eventID) == ["example-late_unowned"])
        #expect(run.resolved.isEmpty)
        #expect(try store.openFindings(asOf: .latest).count == 3)
    }

    @Test func textsOfEqualLengthAndLiteralsThatLookLikeTemplatesReadBackAsTheyWere() throws {
        // Messages and values of one length, alternating, some shared by storage and some equal copies; a
        // literal message that holds no event name beside templates that do.
        let definitions = (0..<40).map { EventDefinition(id: "id-\($0)", name: String(format: "event_%02d", $0)) }
        let messages = ["alpha says event", "bravo says event", "charl says event"]
        var findings: [Finding] = []
        for (index, definition) in definitions.enumerated() {
            let copy = String(messages[index % 3].utf8.map { Character(UnicodeScalar($0)) })
            findings.append(
                Finding(
                    ruleID: "owner_required", severity: .error, eventID: definition.id, eventName: definition.name,
                    message: index % 2 == 0 ? messages[index % 3] : copy, value: "value-\(index % 7)"))
            findings.append(
                Finding(
                    ruleID: "description_required", severity: .warning, eventID: definition.id, eventName: definition.name,
                    message: "\(definition.name) has no description", value: definition.name))
        }
        findings.sort(by: Finding.reportOrder)
        let result = LintResult(
            definitionCount: definitions.count, inScopeCount: definitions.count, definitionsWithErrors: definitions.count,
            findings: findings, waived: [], enabledRules: ["description_required", "owner_required"], policyHash: "p")
        let (store, _) = try store()
        _ = try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: "p", toolVersion: "0.0.0",
                outcome: .audited(definitions: definitions, result: result, complete: true)))
        let read = try store.openFindings(asOf: .latest)
        func summary(_ eventID: String, _ ruleID: String, _ message: String, _ value: String?) -> String {
            "\(eventID) \(ruleID) \(message) \(value ?? "-")"
        }
        #expect(
            read.map { summary($0.eventID, $0.ruleID, $0.message, $0.value) }.sorted()
                == findings.map { summary($0.eventID, $0.ruleID, $0.message, $0.value) }.sorted())
        #expect(Set(read.map(\.message)).isSuperset(of: messages))
    }

    @Test func aFailedRunIsRecordedAndChangesNoFinding() throws {
        let (store, path) = try store()
        let first = try store.record(try input(Self.project))
        // When a run fails
        let failed = try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "test", policyHash: nil, toolVersion: "0.0.0",
                outcome: .failed(message: "PostHog did not answer")))
        // Then it is listed as failed, every finding stays open, and the next run compares with the last good one
        #expect(failed.status == .failed)
        #expect(try store.runs().first?.error == "PostHog did not answer")
        #expect(try count(path, "SELECT count(*) FROM finding WHERE closed_run IS NULL") == 2)
        let next = try store.record(try input(Self.project))
        #expect(next.previousRunID == first.id && next.newCount == 0 && next.resolved.isEmpty)
    }

    @Test func aDefinitionGoneFromACompleteSnapshotClosesItsFindings() throws {
        let (store, path) = try store()
        _ = try store.record(try input(Self.project))
        let run = try store.record(try input(Array(Self.project.dropFirst())))
        #expect(run.removedDefinitions == 1)
        #expect(run.resolved.map(\.eventName) == ["unowned_clicked"])
        #expect(try count(path, "SELECT count(*) FROM definition_version WHERE removed = 1") == 1)
        // And when it comes back it is a new version and its finding opens again
        let (_, back) = try record(store, Self.project)
        #expect(back.map(\.eventID) == ["example-unowned_clicked"])
        #expect(try count(path, "SELECT count(*) FROM definition WHERE removed_run IS NOT NULL") == 0)
    }

    @Test func pruneDropsOldDetailsButKeepsEveryRunAndItsCounts() throws {
        let (store, path) = try store()
        var project = Self.project
        for round in 0..<6 {
            // Each round fixes one owner and breaks another, so findings close and versions pile up
            project[0].owner = round % 2 == 0 ? User(id: 2, email: "bo@example.com") : nil
            _ = try store.record(try input(project))
        }
        let before = try store.detail(.latest)
        let outcome = try store.prune(keep: 2, olderThanDays: nil, now: Fixtures.now)
        #expect(outcome.prunedRuns == 4)
        #expect(outcome.deletedFindings > 0 && outcome.deletedVersions > 0)
        #expect(try store.runs().count == 6)
        #expect(try store.runs().filter(\.detailsPruned).map(\.id) == [4, 3, 2, 1])
        #expect(try store.trend("rule").count == 6)
        // The kept runs read exactly as before, and the integrity check passes
        let after = try store.detail(.latest)
        #expect(after.new == before.new && after.resolved == before.resolved && after.byRule == before.byRule)
        #expect(try store.integrityCheck() == ["ok"])
        // The event edited every run keeps no version from before the cutoff; the untouched one keeps its only version
        let edited = "(SELECT id FROM definition WHERE event_id = 'example-unowned_clicked')"
        let untouched = "(SELECT id FROM definition WHERE event_id = 'example-clean_signed_up')"
        #expect(try count(path, "SELECT count(*) FROM definition_version WHERE run < 5 AND definition = \(edited)") == 0)
        #expect(try count(path, "SELECT count(*) FROM definition_version WHERE definition = \(untouched)") == 1)
    }

    @Test func concurrentWritersAreSerialized() async throws {
        let (first, path) = try store()
        let definitions = SyntheticProject(count: 2_000, seed: 3).definitions()
        let runInput = try input(definitions)
        // When four connections record at once
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let store = index == 0 ? first : try HistoryStore.open(at: path, create: true)
                    _ = try store.record(runInput)
                }
            }
            try await group.waitForAll()
        }
        // Then all four runs are there, exactly one opened the findings, and the file is sound
        let runs = try first.runs()
        #expect(runs.count == 4)
        #expect(runs.filter { $0.newFindings > 0 }.count == 1)
        #expect(try first.integrityCheck() == ["ok"])
    }
}

/// Files that are not a usable Steward history are refused with exit code 4 and left byte for byte as they were.
@Suite struct HistoryFileSafetyTests {
    func expectRefused(_ path: String, mentioning text: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try HistoryStore.open(at: path, create: true)
        } throws: { error in
            guard let error = error as? StewardError else { return false }
            return error.exitCode == 4 && error.message.contains(path) && error.message.contains(text)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aFileThatIsNotSQLite() throws {
        let directory = Fixtures.temporaryDirectory("history")
        let path = Fixtures.write(String(repeating: "not a database\n", count: 300), to: "history.sqlite", in: directory)
        try expectRefused(path, mentioning: "not a SQLite database")
    }

    @Test func anotherApplicationsDatabase() throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')") }
        try expectRefused(path, mentioning: "not a Steward history")
    }

    @Test func aHistoryFromANewerSteward() throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("history.sqlite").path
        _ = try HistoryStore.open(at: path, create: true)
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: "INSERT INTO steward_migration VALUES ('2099-01-01-future', '2099-01-01T00:00:00Z')")
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        try expectRefused(path, mentioning: "newer Steward")
    }

    @Test(arguments: [
        "CREATE TRIGGER leak AFTER INSERT ON run BEGIN INSERT INTO steward_migration VALUES ('x', 'y'); END",
        "CREATE VIEW everything AS SELECT * FROM run",
        "CREATE TABLE exfiltrate (body TEXT)",
        "CREATE INDEX sneaky ON run (source)",
    ])
    func aHistoryWithObjectsStewardDidNotCreate(sql: String) throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("history.sqlite").path
        _ = try HistoryStore.open(at: path, create: true)
        try DatabaseQueue(path: path).writeWithoutTransaction { db in
            try db.execute(sql: sql)
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        try expectRefused(path, mentioning: "schema objects Steward did not create")
    }

    @Test func aHistoryStewardMadeIsNotAStranger() throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("history.sqlite").path
        _ = try HistoryStore.open(at: path, create: true)
        _ = try HistoryStore.open(at: path, create: false)
    }

    @Test func aCorruptHistory() throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("history.sqlite").path
        let store = try HistoryStore.open(at: path, create: true)
        let definitions = SyntheticProject(count: 500, seed: 5).definitions()
        let result = try Linter(policy: PolicyLoader().load(text: "rules: { owner_required: error }", file: "p.yml"), now: Fixtures.now)
            .lint(definitions)
        _ = try store.record(
            RunInput(
                startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "t", policyHash: "p", toolVersion: "0",
                outcome: .audited(definitions: definitions, result: result, complete: true)))
        // Overwrite the schema page after the 100-byte file header with garbage (the header stays a SQLite header)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = 100..<4_096
        bytes.replaceSubrange(range, with: Data(repeating: 0xA5, count: range.count))
        try bytes.write(to: URL(fileURLWithPath: path))
        let before = bytes
        // Then using it fails with exit 4 and a message naming the file, and the bytes stay as they were
        #expect {
            let reopened = try HistoryStore.open(at: path, create: true)
            _ = try reopened.record(
                RunInput(
                    startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "t", policyHash: "p", toolVersion: "0",
                    outcome: .audited(definitions: definitions, result: result, complete: true)))
        } throws: { error in
            (error as? StewardError).map { $0.exitCode == 4 && $0.message.contains("corrupt") && $0.message.contains(path) } ?? false
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aDatabaseLockedTooLongIsAStorageErrorAndWritesNothing() throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("history.sqlite").path
        let store = try HistoryStore.open(at: path, create: true, busyTimeout: 0.2)
        let blocker = try DatabaseQueue(path: path)
        let input = RunInput(
            startedAt: Fixtures.now, judgedAt: Fixtures.now, source: "t", policyHash: nil, toolVersion: "0",
            outcome: .failed(message: "x"))
        // Given another connection holding the write lock
        try blocker.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            // Then recording waits out the busy timeout and fails with exit 4, naming the file
            #expect {
                _ = try store.record(input)
            } throws: { error in
                (error as? StewardError).map { $0.exitCode == 4 && $0.message.contains("stayed locked") && $0.message.contains(path) }
                    ?? false
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.runs().isEmpty)
    }

    @Test func aMissingFileIsAnErrorForReaders() throws {
        let path = Fixtures.temporaryDirectory("history").appendingPathComponent("none.sqlite").path
        #expect(throws: StewardError.self) { _ = try HistoryStore.open(at: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

/// The fix journal reads back typed: a kind, status or field this Steward does not know is an error naming the row.
@Suite struct FixJournalRecordTests {
    @Test func anUnknownFieldIsAnErrorThatNamesTheRowNeverAGuess() throws {
        // Given a journal whose action names a field no Steward knows (a newer one, or an edit)
        let path = Fixtures.temporaryDirectory("journal").appendingPathComponent("history.sqlite").path
        let store = try HistoryStore.open(at: path, create: true)
        let action = FixAction(
            eventID: "e1", eventName: "checkout_started", field: .owner, before: .owner(id: nil, email: nil),
            after: .owner(id: 3, email: "ana@example.com"), safe: true, rules: ["owner_required"])
        let run = try store.startFixRun(
            kind: .apply, host: "https://us.posthog.com", project: "1", policyHash: nil, plan: nil, actions: [(action, nil)])
        #expect(run.kind == .apply && run.status == .running && run.entries.first?.action.field == .owner)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE fix_action SET field = 'colour'") }
        // Then reading it says which row, instead of treating it as tags
        #expect {
            _ = try store.fixRun(run.id)
        } throws: { error in
            guard let error = error as? StewardError else { return false }
            return error.exitCode == 4 && error.message.contains("fix_action 1 (fix run 1, step 0) has field 'colour'")
        }
    }
}
