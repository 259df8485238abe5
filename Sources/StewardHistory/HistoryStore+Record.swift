import Foundation
import GRDB
import StewardCore

extension HistoryStore {
    /// Records one run in a single transaction: a failure leaves no half-record, and a failed or
    /// incomplete run never closes a finding.
    ///
    /// `diffed` is called, inside the transaction and on the calling thread, as soon as what is new and
    /// resolved is known and before the bulk of the rows is written, so a caller can make its reports on
    /// another thread meanwhile. What it is given is only true once `record` returns without throwing.
    public func record(_ input: RunInput, diffed: (RecordedRun) -> Void = { _ in }) throws(StewardError) -> RecordedRun {
        let finishedAt = (input.finishedAt ?? Timestamp(Date())).iso8601
        var record = RunRecord(
            id: nil, startedAt: input.startedAt.iso8601, finishedAt: finishedAt, judgedAt: input.judgedAt.iso8601,
            status: RunStatus.failed.rawValue, source: input.source, host: input.host, project: input.project,
            policyHash: input.policyHash, toolVersion: input.toolVersion, definitions: 0, inScope: 0, withErrors: 0,
            errors: 0, warnings: 0, infos: 0, waived: 0, newFindings: 0, resolvedFindings: 0, changedDefinitions: 0,
            score: nil, error: nil, detailsPruned: false)
        let status: RunStatus
        switch input.outcome {
        case .failed(let message):
            status = .failed
            record.error = message
        case .audited(let definitions, let result, let complete):
            status = complete ? .complete : .incomplete
            let summary = result.summary
            record.definitions = definitions.count
            record.inScope = result.inScopeCount
            record.withErrors = result.definitionsWithErrors
            record.errors = summary.errors
            record.warnings = summary.warnings
            record.infos = summary.infos
            record.waived = summary.waived
            record.score = result.complianceScore
        }
        record.status = status.rawValue
        let recorded = try write { db -> RecordedRun in
            let previous = try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE status != 'failed'")
            try record.insert(db)
            let runID = record.id!
            guard case .audited(let definitions, let result, let complete) = input.outcome else {
                let recorded = RecordedRun(
                    id: runID, previousRunID: previous, status: status, isNew: [], resolved: [], changedDefinitions: 0,
                    removedDefinitions: 0)
                diffed(recorded)
                return recorded
            }
            let changes = try RunRecorder(db: db, runID: runID).record(
                definitions: definitions, result: result, complete: complete
            ) { changes in
                diffed(
                    RecordedRun(
                        id: runID, previousRunID: previous, status: status, isNew: changes.isNew, resolved: changes.resolved,
                        changedDefinitions: changes.changedDefinitions, removedDefinitions: changes.removedDefinitions))
            }
            try db.execute(
                sql: "UPDATE run SET new_findings = ?, resolved_findings = ?, changed_definitions = ? WHERE id = ?",
                arguments: [changes.isNew.lazy.filter { $0 }.count, changes.resolved.count, changes.changedDefinitions, runID])
            return RecordedRun(
                id: runID, previousRunID: previous, status: status, isNew: changes.isNew, resolved: changes.resolved,
                changedDefinitions: changes.changedDefinitions, removedDefinitions: changes.removedDefinitions)
        }
        checkpoint()
        return recorded
    }
}
