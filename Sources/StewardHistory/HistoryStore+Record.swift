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
        let audit: (definitions: [EventDefinition], complete: Bool, result: LintHandoff)?
        switch input.outcome {
        case .failed(let message):
            status = .failed
            record.error = message
            audit = nil
        case .audited(let definitions, let result, let complete):
            status = complete ? .complete : .incomplete
            audit = (definitions, complete, LintHandoff(result))
        case .auditing(let definitions, let complete, let result):
            status = complete ? .complete : .incomplete
            audit = (definitions, complete, result)
        }
        record.status = status.rawValue
        record.definitions = audit?.definitions.count ?? 0
        let recorded = try write { db -> RecordedRun in
            let previous = try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE status != 'failed'")
            try record.insert(db)
            let runID = record.id!
            guard let audit else {
                let recorded = RecordedRun(
                    id: runID, previousRunID: previous, status: status, isNew: [], resolved: [], changedDefinitions: 0,
                    removedDefinitions: 0)
                diffed(recorded)
                return recorded
            }
            let changes = try RunRecorder(db: db, runID: runID).record(
                definitions: audit.definitions, complete: audit.complete,
                result: { () throws -> LintResult in
                    let result = try audit.result.wait()
                    let summary = result.summary
                    try db.execute(
                        sql: """
                            UPDATE run SET in_scope = ?, with_errors = ?, errors = ?, warnings = ?, infos = ?, waived = ?, score = ?
                            WHERE id = ?
                            """,
                        arguments: [
                            result.inScopeCount, result.definitionsWithErrors, summary.errors, summary.warnings, summary.infos,
                            summary.waived, result.complianceScore, runID,
                        ])
                    return result
                }
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
