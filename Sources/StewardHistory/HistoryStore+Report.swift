import Foundation
import GRDB
import StewardCore

/// Everything a report needs about one past run, read back from history.
public struct RecordedAudit: Sendable {
    /// The run.
    public var run: RunSummary
    /// The run before it that did not fail.
    public var previousRunID: Int64?
    /// Findings open as of the run, in report order, as they read when they opened.
    public var findings: [HistoryFinding]
    /// Findings the run closed.
    public var resolved: [HistoryFinding]
    /// Each definition as of the run (its latest version at or before it), removed ones left out.
    public var definitions: [EventDefinition]
}

extension HistoryStore {
    /// A past run as a report would show it, without the network.
    public func recordedAudit(_ reference: RunReference) throws(StewardError) -> RecordedAudit {
        try read { db in
            guard let runID = try runID(db, reference), let record = try RunRecord.fetchOne(db, key: runID) else {
                throw StewardError(
                    .usage, reference == .latest ? "history \(path) holds no runs yet." : "history \(path) has no run \(reference).")
            }
            let summary = RunSummary(record)
            if summary.status == .failed {
                throw StewardError(.usage, "run \(runID) failed (\(summary.error ?? "unknown error")); it has no findings to report.")
            }
            if summary.detailsPruned {
                throw StewardError(.usage, "run \(runID)'s details were pruned; only its counts remain (`steward history show \(runID)`).")
            }
            let previous = try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE id < ? AND status != 'failed'", arguments: [runID])
            let order = " ORDER BY d.name, r.name, d.event_id"
            let open = try FindingRow.fetchAll(
                db, sql: FindingRow.selection + " WHERE " + Self.openAsOf + order, arguments: [runID, runID])
            let resolved = try FindingRow.fetchAll(db, sql: FindingRow.selection + " WHERE f.closed_run = ?" + order, arguments: [runID])
            var definitions: [EventDefinition] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT d.event_id, v.name, v.owner_id, v.owner, v.description, v.tags, v.hidden, v.verified, v.verified_at,
                           v.enforcement_mode, v.created_at, v.updated_at
                    FROM definition_version v
                    JOIN (SELECT definition, max(run) AS run FROM definition_version WHERE run <= ? GROUP BY definition) latest
                      ON latest.definition = v.definition AND latest.run = v.run
                    JOIN definition d ON d.id = v.definition
                    WHERE v.removed = 0
                    ORDER BY v.name, d.event_id
                    """,
                arguments: [runID])
            while let row = try rows.next() {
                let ownerID: Int64? = row[2]
                let owner: String? = row[3]
                let tagsText: String = row[5]
                let tags = (try? JSONDecoder().decode([String].self, from: Data(tagsText.utf8))) ?? []
                definitions.append(
                    EventDefinition(
                        id: row[0], name: row[1],
                        owner: owner.map { User(id: ownerID.map(Int.init), email: $0) } ?? ownerID.map { User(id: Int($0)) },
                        description: row[4], tags: tags, createdAt: (row[10] as Int64?).map(Timestamp.init(epochMicroseconds:)),
                        updatedAt: (row[11] as Int64?).map(Timestamp.init(epochMicroseconds:)), verified: row[7],
                        verifiedAt: (row[8] as Int64?).map(Timestamp.init(epochMicroseconds:)), hidden: row[6],
                        enforcementMode: (row[9] as String?).map(EnforcementMode.init(rawValue:))))
            }
            return RecordedAudit(
                run: summary, previousRunID: previous, findings: open.map(HistoryFinding.init), resolved: resolved.map(HistoryFinding.init),
                definitions: definitions)
        }
    }
}
