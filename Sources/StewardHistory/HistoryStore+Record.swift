import Foundation
import GRDB
import StewardCore

extension HistoryStore {
    /// Records one run in a single transaction: a failure leaves no half-record, and a failed or
    /// incomplete run never closes a finding. (An audit that overlaps its steps with linting and
    /// reporting uses ``beginRun(_:)`` instead.)
    public func record(_ input: RunInput) throws(StewardError) -> RecordedRun {
        switch input.outcome {
        case .failed(let message):
            var record = Self.runRecord(input, status: .failed, definitions: 0)
            record.error = message
            let recorded = try write { db -> RecordedRun in
                let previous = try Self.previousRun(db)
                try record.insert(db)
                return RecordedRun(
                    id: record.id ?? 0, previousRunID: previous, status: .failed, isNew: [], resolved: [], changedDefinitions: 0,
                    removedDefinitions: 0)
            }
            checkpoint()
            return recorded
        case .audited(let definitions, let result, let complete):
            var steps = input
            steps.outcome = .steps(definitions: definitions, complete: complete)
            let writer = try beginRun(steps)
            try writer.writeVersions()
            _ = try writer.diff(result)
            try writer.writeFindings()
            return try writer.commit()
        case .steps:
            throw StewardError(.storage, "internal: a run recorded in steps goes through beginRun, not record")
        }
    }

    /// Starts recording a run whose outcome is `.steps`: inserts its row in an immediate transaction that
    /// the returned writer holds until it commits or rolls back. Another audit on the same file waits.
    public func beginRun(_ input: RunInput) throws(StewardError) -> RunWriter {
        guard case .steps(let definitions, let complete) = input.outcome else {
            throw StewardError(.storage, "internal: beginRun takes a run to be recorded in steps")
        }
        let status: RunStatus = complete ? .complete : .incomplete
        var record = Self.runRecord(input, status: status, definitions: definitions.count)
        let previous = try access { db -> Int64? in
            try db.beginTransaction(.immediate)
            do {
                let previous = try Self.previousRun(db)
                try record.insert(db)
                return previous
            } catch {
                try? db.rollback()
                throw error
            }
        }
        return RunWriter(
            store: self, runID: record.id ?? 0, previousRunID: previous, status: status, definitions: definitions, complete: complete)
    }

    private static func previousRun(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE status != 'failed'")
    }

    private static func runRecord(_ input: RunInput, status: RunStatus, definitions: Int) -> RunRecord {
        RunRecord(
            id: nil, startedAt: input.startedAt.iso8601, finishedAt: (input.finishedAt ?? Timestamp(Date())).iso8601,
            judgedAt: input.judgedAt.iso8601, status: status.rawValue, source: input.source, host: input.host, project: input.project,
            policyHash: input.policyHash, toolVersion: input.toolVersion, definitions: definitions, inScope: 0, withErrors: 0,
            errors: 0, warnings: 0, infos: 0, waived: 0, newFindings: 0, resolvedFindings: 0, changedDefinitions: 0,
            score: nil, error: nil, detailsPruned: false)
    }
}
