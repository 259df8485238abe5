import Foundation
import GRDB
import StewardCore

/// Records one audited run in steps, inside one immediate transaction that stays open from `begin` to
/// `commit` or `rollBack`: the caller (the audit pipeline) decides what runs beside each step, and history
/// never waits on anything but the database.
///
/// 1. ``HistoryStore/beginRun(_:)`` inserts the run row and holds the write lock.
/// 2. ``writeVersions()`` works out and writes the definitions' versions; it needs no lint result.
/// 3. ``diff(_:)`` takes the lint result: counts, what is new and what is resolved.
/// 4. ``writeFindings()`` writes the findings that open, the counts by rule, owner and tag.
/// 5. ``commit()`` makes it all visible at once, or ``rollBack()`` leaves history as it was.
///
/// Steps must be called in this order, one at a time; a writer dropped before `commit` rolls back.
public final class RunWriter: @unchecked Sendable {  // used by one caller at a time, step after step
    private let store: HistoryStore
    private let runID: Int64
    private let previousRunID: Int64?
    private let status: RunStatus
    private let definitions: [EventDefinition]
    private let complete: Bool
    private var versions: RunRecorder.VersionStep?
    private var result: LintResult?
    private var findings: RunRecorder.FindingsStep?
    private var open = true

    init(
        store: HistoryStore, runID: Int64, previousRunID: Int64?, status: RunStatus, definitions: [EventDefinition], complete: Bool
    ) {
        self.store = store
        self.runID = runID
        self.previousRunID = previousRunID
        self.status = status
        self.definitions = definitions
        self.complete = complete
    }

    deinit { rollBack() }

    /// The run's id in history (visible to others only once committed).
    public var id: Int64 { runID }

    /// Step 2: the definitions' versions. Needs no lint result, so it may run while the linter works.
    public func writeVersions() throws(StewardError) {
        let (definitions, complete, runID) = (self.definitions, self.complete, self.runID)
        versions = try step { db in try RunRecorder(db: db, runID: runID).recordVersions(definitions: definitions, complete: complete) }
    }

    /// Step 3: what the lint result opens and resolves. True only once ``commit()`` returns.
    public func diff(_ result: LintResult) throws(StewardError) -> RecordedRun {
        guard let versions else { throw StewardError(.storage, "internal: the run's versions were not written before its findings") }
        let (definitions, complete, runID) = (self.definitions, self.complete, self.runID)
        let findings = try step { db in
            try RunRecorder(db: db, runID: runID).diff(result, definitions: definitions, complete: complete, versions: versions)
        }
        self.result = result
        self.findings = findings
        return recorded(findings.changes)
    }

    /// Step 4: the findings that open, the counts and the digests. `tally`, when given, is the count of this
    /// run's lint result over this run's definitions (``FindingTally``), made by a caller that needs it too;
    /// without it the counts are made here.
    public func writeFindings(tally: BackgroundValue<FindingTally>? = nil) throws(StewardError) {
        guard let versions, let findings, let result else {
            throw StewardError(.storage, "internal: the run's findings were written before they were diffed")
        }
        let (definitions, complete, runID) = (self.definitions, self.complete, self.runID)
        try step { db in
            try RunRecorder(db: db, runID: runID).writeFindings(
                findings, result: result, definitions: definitions, versions: versions, complete: complete, tally: tally)
        }
        self.result = nil
    }

    /// Step 5: makes the run visible; returns what was recorded.
    public func commit() throws(StewardError) -> RecordedRun {
        guard let findings else { throw StewardError(.storage, "internal: a run was committed before its findings were written") }
        try step { db in try db.commit() }
        open = false
        store.checkpoint()
        return recorded(findings.changes)
    }

    /// Leaves history as it was before ``HistoryStore/beginRun(_:)``.
    public func rollBack() {
        guard open else { return }
        open = false
        try? store.access { db in if db.isInsideTransaction { try db.rollback() } }
    }

    private func recorded(_ changes: RunRecorder.Changes) -> RecordedRun {
        RecordedRun(
            id: runID, previousRunID: previousRunID, status: status, isNew: changes.isNew, resolved: changes.resolved,
            changedDefinitions: changes.changedDefinitions, removedDefinitions: changes.removedDefinitions)
    }

    /// One step inside the open transaction; a failure rolls the whole run back.
    private func step<T>(_ body: (Database) throws -> T) throws(StewardError) -> T {
        guard open else { throw StewardError(.storage, "internal: a step of a finished run") }
        do {
            return try store.access(body)
        } catch {
            rollBack()
            throw error
        }
    }
}
