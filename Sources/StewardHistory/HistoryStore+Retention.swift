import Foundation
import GRDB
import StewardCore

/// What `steward history prune` did.
public struct PruneOutcome: Sendable, Codable, Equatable {
    /// Runs whose details were dropped by this prune (their counts stay).
    public var prunedRuns: Int
    /// Closed findings deleted.
    public var deletedFindings: Int
    /// Superseded definition versions deleted.
    public var deletedVersions: Int
    /// File size before and after, in bytes.
    public var bytesBefore: Int64
    /// File size after, in bytes.
    public var bytesAfter: Int64

    enum CodingKeys: String, CodingKey {
        case prunedRuns = "pruned_runs", deletedFindings = "deleted_findings", deletedVersions = "deleted_versions",
            bytesBefore = "bytes_before", bytesAfter = "bytes_after"
    }
}

extension HistoryStore {
    /// Drops the details of older runs (closed findings and superseded definition versions no kept run needs)
    /// and keeps every run's row and counts, so trends reach back as far as history does. A run keeps its
    /// details when it is among the newest `keep` runs, or younger than `olderThan` days (as of `now`).
    public func prune(keep: Int?, olderThanDays: Int?, now: Timestamp) throws(StewardError) -> PruneOutcome {
        let before = fileSize()
        var outcome = try write { db -> PruneOutcome in
            var cutoffs: [Int64] = []
            if let keep {
                let kept = try Int64.fetchAll(db, sql: "SELECT id FROM run ORDER BY id DESC LIMIT ?", arguments: [max(keep, 1)])
                cutoffs.append(kept.last ?? Int64.max)
            }
            if let olderThanDays {
                let since = now.adding(days: -olderThanDays).iso8601
                cutoffs.append(
                    try Int64.fetchOne(db, sql: "SELECT min(id) FROM run WHERE started_at >= ?", arguments: [since]) ?? Int64.max)
            }
            // Keep the union: the earliest cutoff wins. With no run to cut at, nothing is pruned.
            guard let cutoff = cutoffs.min(), cutoff != Int64.max else {
                return PruneOutcome(prunedRuns: 0, deletedFindings: 0, deletedVersions: 0, bytesBefore: 0, bytesAfter: 0)
            }
            // Findings closed before the cutoff run are open as of no kept run and resolved by none.
            try db.execute(sql: "DELETE FROM finding WHERE closed_run IS NOT NULL AND closed_run < ?", arguments: [cutoff])
            let findings = db.changesCount
            // Texts no finding points at any more (texts are shared, so most stay; the list is built once).
            if findings > 0 {
                try db.execute(
                    sql: """
                        DELETE FROM finding_text
                        WHERE id NOT IN (SELECT message FROM finding UNION SELECT value FROM finding WHERE value IS NOT NULL)
                        """)
            }
            // A version older than the cutoff is needed only while it is the latest one at the cutoff.
            try db.execute(
                sql: """
                    DELETE FROM definition_version AS v
                    WHERE v.run < ?1 AND EXISTS (
                      SELECT 1 FROM definition_version n WHERE n.definition = v.definition AND n.run > v.run AND n.run <= ?1)
                    """,
                arguments: [cutoff])
            let versions = db.changesCount
            try db.execute(sql: "UPDATE run SET details_pruned = 1 WHERE id < ? AND details_pruned = 0", arguments: [cutoff])
            return PruneOutcome(
                prunedRuns: db.changesCount, deletedFindings: findings, deletedVersions: versions, bytesBefore: 0, bytesAfter: 0)
        }
        if outcome.deletedFindings + outcome.deletedVersions > 0 {
            do {
                try queue.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
            } catch {
                throw HistoryStore.describe(error, path: path)
            }
        }
        checkpoint()
        outcome.bytesBefore = before
        outcome.bytesAfter = fileSize()
        return outcome
    }

    /// Bytes on disk: the main file and its write-ahead log.
    public func fileSize() -> Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }
}
