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

    public var id: Int64
    public var seq: Int
    public var action: FixAction
    public var seenUpdatedAt: Timestamp?
    public var status: Status
    public var reason: String?
    public var request: String?
}

/// A fix run as the journal holds it.
public struct FixRunRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var undoes: Int64?
    public var host: String
    public var project: String
    public var status: String
    public var note: String?
    public var entries: [JournalEntry]
}

extension HistoryStore {
    /// Records a fix run and every action as planned, in one transaction, before any request is sent.
    public func startFixRun(
        kind: String, undoes: Int64? = nil, host: String, project: String, policyHash: String?, plan: String?,
        actions: [(action: FixAction, seen: Timestamp?)]
    ) throws(StewardError) -> FixRunRecord {
        let now = Timestamp(Date()).iso8601
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO fix_run (kind, undoes, host, project, policy_hash, plan, started_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'running')
                    """,
                arguments: [kind, undoes, host, project, policyHash, plan, now])
            let runID = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO fix_action (fix_run, seq, event_id, event_name, field, before, after, safe, rules, seen_updated_at, status, changed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)
                    """)
            for (seq, item) in actions.enumerated() {
                try insert.execute(arguments: [
                    runID, seq, item.action.eventID, item.action.eventName, item.action.field.rawValue, Self.json(item.action.before),
                    Self.json(item.action.after), item.action.safe, item.action.rules.joined(separator: ","), item.seen?.iso8601, now,
                ])
            }
            return try Self.fixRun(db, runID)!
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

    /// Ends a fix run: finished, or stopped with why.
    public func finishFixRun(_ id: Int64, stopped reason: String?) throws(StewardError) {
        let now = Timestamp(Date()).iso8601
        try write { db in
            try db.execute(
                sql: "UPDATE fix_run SET status = ?, note = ?, finished_at = ? WHERE id = ?",
                arguments: [reason == nil ? "finished" : "stopped", reason, now, id])
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
        guard let run = try Row.fetchOne(db, sql: "SELECT * FROM fix_run WHERE id = ?", arguments: [id]) else { return nil }
        let decoder = JSONDecoder()
        let entries = try Row.fetchAll(db, sql: "SELECT * FROM fix_action WHERE fix_run = ? ORDER BY seq", arguments: [id]).map { row in
            let rules: String = row["rules"]
            let action = FixAction(
                eventID: row["event_id"], eventName: row["event_name"], field: FixAction.Field(rawValue: row["field"]) ?? .tags,
                before: try decoder.decode(FixValue.self, from: Data((row["before"] as String).utf8)),
                after: try decoder.decode(FixValue.self, from: Data((row["after"] as String).utf8)), safe: row["safe"],
                rules: rules.split(separator: ",").map(String.init))
            return JournalEntry(
                id: row["id"], seq: row["seq"], action: action,
                seenUpdatedAt: (row["seen_updated_at"] as String?).flatMap { Timestamp(iso8601: $0) },
                status: JournalEntry.Status(rawValue: row["status"]) ?? .failed, reason: row["reason"], request: row["request"])
        }
        return FixRunRecord(
            id: id, kind: run["kind"], undoes: run["undoes"], host: run["host"], project: run["project"], status: run["status"],
            note: run["note"],
            entries: entries)
    }

    static func json(_ value: FixValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
