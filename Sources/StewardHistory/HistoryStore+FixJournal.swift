import Foundation
import GRDB
import StewardCore

/// One journaled action of a fix run.
public struct JournalEntry: Sendable, Equatable {
    /// How far an action got.
    public enum Status: String, Sendable, Codable {
        /// Recorded, not yet sent.
        case planned
        /// Its request was sent and no answer was recorded: after a crash, unknown.
        case started
        case done, skipped, failed
    }

    /// The id.
    public var id: Int64
    /// Its place in the run.
    public var seq: Int
    /// The action.
    public var action: FixAction
    /// The definition's `updated_at` when the plan read it.
    public var seenUpdatedAt: Timestamp?
    /// How far it got.
    public var status: Status
    /// The reason.
    public var reason: String?
    /// The request.
    public var request: String?
}

/// A fix run as the journal holds it.
public struct FixRunRecord: Sendable, Equatable {
    /// What a run does.
    public enum Kind: String, Sendable, Codable {
        /// Applies a reviewed plan.
        case apply
        /// Restores what another run changed.
        case undo
    }

    /// How far a run got.
    public enum Status: String, Sendable, Codable {
        /// Writing, or stopped by a crash before it could say so.
        case running
        /// Every action settled.
        case finished
        /// Stopped on an error; `note` says which.
        case stopped
    }

    /// The id.
    public var id: Int64
    /// Apply or undo.
    public var kind: Kind
    /// The run it undoes, for an undo.
    public var undoes: Int64?
    /// The host.
    public var host: String
    /// The project.
    public var project: String
    /// How far it got.
    public var status: Status
    /// Why it stopped, when it did.
    public var note: String?
    /// Every action, in the run's order.
    public var entries: [JournalEntry]
}

extension HistoryStore {
    /// Records a fix run and every action as planned, in one transaction, before any request is sent.
    public func startFixRun(
        kind: FixRunRecord.Kind, undoes: Int64? = nil, host: String, project: String, policyHash: String?, plan: String?,
        actions: [(action: FixAction, seen: Timestamp?)]
    ) throws(StewardError) -> FixRunRecord {
        let now = Timestamp(Date()).iso8601
        return try write { db in
            var run = FixRunRow(
                id: nil, kind: kind.rawValue, undoes: undoes, host: host, project: project, policyHash: policyHash, plan: plan,
                startedAt: now, finishedAt: nil, status: FixRunRecord.Status.running.rawValue, note: nil)
            try run.insert(db)
            guard let runID = run.id else { throw StewardError(.storage, "history gave the new fix run no id.") }
            for (seq, item) in actions.enumerated() {
                var row = FixActionRow(
                    id: nil, fixRun: runID, seq: seq, eventID: item.action.eventID, eventName: item.action.eventName,
                    field: item.action.field.rawValue, before: Self.json(item.action.before), after: Self.json(item.action.after),
                    safe: item.action.safe, rules: item.action.rules.joined(separator: ","), seenUpdatedAt: item.seen?.iso8601,
                    status: JournalEntry.Status.planned.rawValue, reason: nil, request: nil, changedAt: now)
                try row.insert(db)
            }
            guard let recorded = try Self.fixRun(db, runID) else { throw StewardError(.storage, "fix run \(runID) vanished from history.") }
            return recorded
        }
    }

    /// Moves actions to a status in one transaction (before a request: started; after it: done, skipped, failed).
    public func mark(_ ids: [Int64], _ status: JournalEntry.Status, reason: String? = nil, request: String? = nil) throws(StewardError) {
        guard !ids.isEmpty else { return }
        let now = Timestamp(Date()).iso8601
        try write { db in
            let statement = try db.makeStatement(
                sql:
                    "UPDATE fix_action SET status = ?, reason = coalesce(?, reason), request = coalesce(?, request), changed_at = ? WHERE id = ?"
            )
            for id in ids { try statement.execute(arguments: [status.rawValue, reason, request, now, id]) }
        }
    }

    /// Records the id PostHog gave a created definition: the action now names it, and its `after` holds the
    /// whole definition with that id, so an undo deletes exactly what was created.
    public func recordCreated(_ entryID: Int64, id: String, after: FixValue) throws(StewardError) {
        try write { db in
            try db.execute(
                sql: "UPDATE fix_action SET event_id = ?, after = ? WHERE id = ?", arguments: [id, Self.json(after), entryID])
        }
    }

    /// Journals more actions for a running fix run (the field changes of a definition a create found already
    /// there), as planned, before any of them is sent; returns them.
    public func appendFixActions(_ runID: Int64, actions: [(action: FixAction, seen: Timestamp?)]) throws(StewardError) -> [JournalEntry] {
        guard !actions.isEmpty else { return [] }
        let now = Timestamp(Date()).iso8601
        return try write { db in
            let next = (try Int.fetchOne(db, sql: "SELECT max(seq) FROM fix_action WHERE fix_run = ?", arguments: [runID]) ?? -1) + 1
            for (offset, item) in actions.enumerated() {
                var row = FixActionRow(
                    id: nil, fixRun: runID, seq: next + offset, eventID: item.action.eventID, eventName: item.action.eventName,
                    field: item.action.field.rawValue, before: Self.json(item.action.before), after: Self.json(item.action.after),
                    safe: item.action.safe, rules: item.action.rules.joined(separator: ","), seenUpdatedAt: item.seen?.iso8601,
                    status: JournalEntry.Status.planned.rawValue, reason: nil, request: nil, changedAt: now)
                try row.insert(db)
            }
            guard let recorded = try Self.fixRun(db, runID) else { throw StewardError(.storage, "fix run \(runID) vanished from history.") }
            return Array(recorded.entries.filter { $0.seq >= next })
        }
    }

    /// Ends a fix run: finished, or stopped with why.
    public func finishFixRun(_ id: Int64, stopped reason: String?) throws(StewardError) {
        let now = Timestamp(Date()).iso8601
        try write { db in
            try db.execute(
                sql: "UPDATE fix_run SET status = ?, note = ?, finished_at = ? WHERE id = ?",
                arguments: [(reason == nil ? FixRunRecord.Status.finished : .stopped).rawValue, reason, now, id])
        }
    }

    /// The finished undo run that currently stands for `runID` (one that was not itself undone), if any.
    public func activeUndo(of runID: Int64) throws(StewardError) -> Int64? {
        try read { db in
            let latest = """
                SELECT id FROM fix_run WHERE kind = 'undo' AND undoes = ? AND status = 'finished' AND id > ? ORDER BY id DESC LIMIT 1
                """
            guard let undo = try Int64.fetchOne(db, sql: latest, arguments: [runID, runID]) else { return nil }
            let redone = try Int64.fetchOne(db, sql: latest, arguments: [undo, undo])
            return redone == nil ? undo : nil
        }
    }

    /// A fix run and its journal, or nil when there is none with that id.
    public func fixRun(_ id: Int64) throws(StewardError) -> FixRunRecord? {
        try read { db in try Self.fixRun(db, id) }
    }

    static func fixRun(_ db: Database, _ id: Int64) throws -> FixRunRecord? {
        guard let run = try FixRunRow.fetchOne(db, key: id) else { return nil }
        let decoder = JSONDecoder()
        let rows = try FixActionRow.filter(FixActionRow.Columns.fixRun == id).order(FixActionRow.Columns.seq).fetchAll(db)
        let entries = try rows.map { row throws -> JournalEntry in
            // A value this Steward does not know is an error that names the row, never a guess: undoing an
            // unknown field as "tags" would set a definition's tags to nothing.
            func unknown(_ column: String, _ value: String) -> StewardError {
                StewardError(
                    .storage,
                    "history: fix_action \(row.id ?? 0) (fix run \(id), step \(row.seq)) has \(column) '\(value)', which this Steward does not know; a newer Steward wrote it, or the file was edited."
                )
            }
            guard let field = FixAction.Field(rawValue: row.field) else { throw unknown("field", row.field) }
            guard let status = JournalEntry.Status(rawValue: row.status) else { throw unknown("status", row.status) }
            let before: FixValue
            let after: FixValue
            do {
                before = try decoder.decode(FixValue.self, from: Data(row.before.utf8))
                after = try decoder.decode(FixValue.self, from: Data(row.after.utf8))
            } catch {
                throw unknown("a value", "\(row.before) → \(row.after)")
            }
            let action = FixAction(
                eventID: row.eventID, eventName: row.eventName, field: field, before: before, after: after, safe: row.safe,
                rules: row.rules.split(separator: ",").map(String.init))
            return JournalEntry(
                id: row.id ?? 0, seq: row.seq, action: action, seenUpdatedAt: row.seenUpdatedAt.flatMap { Timestamp(iso8601: $0) },
                status: status, reason: row.reason, request: row.request)
        }
        func unknownRun(_ column: String, _ value: String) -> StewardError {
            StewardError(.storage, "history: fix run \(id) has \(column) '\(value)', which this Steward does not know.")
        }
        guard let kind = FixRunRecord.Kind(rawValue: run.kind) else { throw unknownRun("kind", run.kind) }
        guard let status = FixRunRecord.Status(rawValue: run.status) else { throw unknownRun("status", run.status) }
        return FixRunRecord(
            id: id, kind: kind, undoes: run.undoes, host: run.host, project: run.project, status: status, note: run.note,
            entries: entries)
    }

    static func json(_ value: FixValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
