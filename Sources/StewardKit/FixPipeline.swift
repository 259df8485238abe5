import Foundation
import PostHogAPI
import StewardCore
import StewardHistory
import StewardReports

/// `steward fix` and `steward undo`: plan from findings, apply a reviewed plan, resume an interrupted run,
/// restore what a run changed. Every write is journaled in history before it is sent.
public struct FixPipeline: Sendable {
    /// What applying, resuming or undoing did (rendered by StewardReports).
    public typealias Outcome = FixRunReport

    /// Wait for another applier on the same history to finish instead of refusing (`--wait`).
    public var waitForLock = false
    /// Told what the pipeline waits for.
    public var notice: (@Sendable (String) -> Void)?

    /// Creates one with the defaults.
    public init() {}

    /// Holds the history's fix lock while `body` writes; the second applier is refused, or waits.
    private func exclusively<T>(
        _ historyPath: String, create: Bool = false, doing: String, _ body: (FixLock) async throws(StewardError) -> T
    ) async throws(StewardError) -> T {
        // The history is checked (and made, for an apply) first: the lock lives beside it.
        _ = try HistoryStore.open(at: historyPath, create: create)
        let lock = try await FixLock.acquire(historyPath: historyPath, doing: doing, wait: waitForLock, notice: notice)
        defer { lock.release() }
        return try await body(lock)
    }

    // MARK: - Plan

    /// Reads and lints the project, plans the fixes, and writes the plan file.
    ///
    /// Saved insights, dashboards and actions are read with the definitions (a snapshot brings its own), so no
    /// charted event is hidden unless `hideInUse`, and `atRiskTag` tags the dashboards charting stale or hidden
    /// events.
    public func plan(
        source: DefinitionSource, policies: [String], now: Timestamp?, unsafe: Bool, planPath: String, hideInUse: Bool = false,
        atRiskTag: String? = nil
    ) async throws(StewardError) -> (plan: FixPlan, text: String, notes: [String]) {
        let policy = try PolicyResolution.load(explicit: policies)
        let snapshot = try await source.load(usage: true)
        if atRiskTag != nil, snapshot.usage == nil {
            throw StewardError(
                .usage,
                "--tag-at-risk needs the saved insights and dashboards, and they could not be read (\(snapshot.usageNote ?? "usage unavailable")). Nothing was written."
            )
        }
        guard snapshot.complete else {
            throw StewardError(.api, "the definitions are incomplete; a plan made from them could miss changes. Nothing was written.")
        }
        let (host, project) = try FixPipeline.target(of: snapshot)
        let result = try Linter.checked(
            policy: policy, now: now ?? snapshot.fetchedAt ?? Timestamp(.now), usage: snapshot.usage?.index
        ).lint(snapshot.definitions)
        let plan = FixPlanner(unsafe: unsafe).plan(
            definitions: snapshot.definitions, result: result, host: host, project: project,
            createdAt: snapshot.fetchedAt ?? Timestamp(.now), usage: snapshot.usage, hideInUse: hideInUse, atRiskTag: atRiskTag)
        try ReportWriter.writeAtomically(String(decoding: plan.encoded(), as: UTF8.self), to: planPath)
        var notes = snapshot.readingNotes
        if let note = snapshot.usageNote { notes.append(note + "; hiding is planned without knowing what charts each event") }
        return (plan, FixPlanView.text(plan), notes)
    }

    // MARK: - Apply

    /// Applies a plan to the project it was made for, skipping what changed since.
    public func apply(planPath: String, remote: DefinitionSource.RemoteOptions, historyPath: String) async throws(StewardError) -> Outcome {
        let plan = try FixPlan.load(path: planPath)
        let client = try Self.client(remote)
        try Self.checkTarget(
            of: "\(planPath)", host: plan.host, project: plan.project, against: client.endpoint, nothing: "nothing was applied")
        try plan.validate(name: planPath)
        return try await exclusively(historyPath, create: true, doing: "applying \(planPath)") { lock throws(StewardError) in
            let store = try HistoryStore.open(at: historyPath, create: true)
            let run = try store.startFixRun(
                kind: .apply, host: plan.host, project: plan.project, policyHash: plan.policyHash, plan: planPath,
                actions: plan.actions.map { ($0, plan.seen[$0.eventID] ?? nil) })
            lock.describe("fix run \(run.id), applying \(planPath)")
            return try await execute(run, client: client, store: store, remote: remote, tagMode: .delta, touched: [])
        }
    }

    /// Completes an interrupted run: started actions are settled by reading PostHog, the rest applied.
    public func resume(runID: Int64, remote: DefinitionSource.RemoteOptions, historyPath: String) async throws(StewardError) -> Outcome {
        try await exclusively(historyPath, doing: "fix run \(runID), resuming") { _ throws(StewardError) in
            try await resumeHoldingLock(runID: runID, remote: remote, historyPath: historyPath)
        }
    }

    private func resumeHoldingLock(runID: Int64, remote: DefinitionSource.RemoteOptions, historyPath: String) async throws(StewardError)
        -> Outcome
    {
        let store = try HistoryStore.open(at: historyPath, create: false)
        guard let run = try store.fixRun(runID) else { throw StewardError(.usage, "history has no fix run \(runID).") }
        guard run.status != .finished else { throw StewardError(.usage, "fix run \(runID) already finished; nothing to resume.") }
        let client = try Self.client(remote)
        try Self.checkTarget(
            of: "fix run \(runID)", host: run.host, project: run.project, against: client.endpoint, nothing: "nothing was applied")
        // Definitions this run already wrote have a new updated_at of our own making.
        let touched = Set(run.entries.filter { $0.status == .done || $0.status == .started }.map(\.action.eventID))
        return try await execute(
            run, client: client, store: store, remote: remote, tagMode: run.kind == .undo ? .exact : .delta, touched: touched)
    }

    /// Restores the prior value of every applied action of a run, as a journaled run of its own.
    public func undo(runID: Int64, force: Bool, remote: DefinitionSource.RemoteOptions, historyPath: String) async throws(StewardError)
        -> Outcome
    {
        try await exclusively(historyPath, doing: "undoing fix run \(runID)") { _ throws(StewardError) in
            try await undoHoldingLock(runID: runID, force: force, remote: remote, historyPath: historyPath)
        }
    }

    private func undoHoldingLock(runID: Int64, force: Bool, remote: DefinitionSource.RemoteOptions, historyPath: String)
        async throws(StewardError) -> Outcome
    {
        let store = try HistoryStore.open(at: historyPath, create: false)
        guard let original = try store.fixRun(runID) else { throw StewardError(.usage, "history has no fix run \(runID).") }
        let client = try Self.client(remote)
        try Self.checkTarget(
            of: "fix run \(runID)", host: original.host, project: original.project, against: client.endpoint,
            nothing: "nothing was changed")
        if let undoneBy = try store.activeUndo(of: runID) {
            throw StewardError(
                .usage,
                "fix run \(runID) was already undone by fix run \(undoneBy); nothing was changed. `steward undo \(undoneBy)` puts its changes back."
            )
        }
        // Done actions are reversed; started ones (a run that crashed and was never resumed) are settled by
        // what PostHog holds now: applied, untouched, or unknown (named, and restored only with --force).
        let settled = original.entries.filter { $0.status == .done || $0.status == .started }
        let current = try await Self.read(
            remote, client: client, dashboards: original.entries.contains { $0.action.field == .dashboardTags })
        var actions: [(action: FixAction, seen: Timestamp?)] = []
        var skippedNow: [(FixAction, String)] = []
        var neverWritten = 0
        let byName = Dictionary(current.values.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var recreated = 0
        for entry in settled.reversed() {
            var reverse = entry.action
            (reverse.before, reverse.after) = (entry.action.after, entry.action.before)
            if entry.action.field == .existence {
                switch (entry.action.before, entry.action.after) {
                case (.definition(nil), .definition(let spec?)):
                    // Undoing a create deletes it, but only while PostHog has never seen the event: once events
                    // arrived the definition is in use, and deleting it would only see it re-created bare.
                    guard let definition = current[spec.id ?? entry.action.eventID] ?? byName[spec.name] else {
                        skippedNow.append((reverse, "PostHog no longer has this definition"))
                        continue
                    }
                    if let seen = definition.lastSeenAt {
                        skippedNow.append(
                            (
                                reverse,
                                "events of '\(definition.name)' arrived since it was created (last seen \(seen.iso8601)); it is in use, so it was kept"
                            ))
                        continue
                    }
                    reverse.eventID = definition.id
                    reverse.before = .definition(DefinitionSpec(definition))
                    actions.append((reverse, definition.updatedAt))
                case (.definition(let spec?), .definition(nil)):
                    // Undoing a delete creates the definition again with its metadata; PostHog gives it a new id.
                    if let existing = byName[spec.name] {
                        // Captured again since, PostHog made it bare: its metadata is put back instead.
                        actions += FixExecutor.changes(toward: spec, from: existing, rules: entry.action.rules).map {
                            ($0, existing.updatedAt)
                        }
                        continue
                    }
                    var fresh = spec
                    fresh.id = nil
                    reverse.eventID = FixAction.plannedID(spec.name)
                    reverse.after = .definition(fresh)
                    actions.append((reverse, nil))
                    recreated += 1
                default:
                    continue
                }
                continue
            }
            guard let definition = current[entry.action.eventID] else {
                skippedNow.append((reverse, "PostHog no longer has this definition"))
                continue
            }
            let now = FixAction.value(of: entry.action.field, in: definition)
            let applied = FixAction.same(now, entry.action.after)
            if entry.status == .started, !applied, FixAction.same(now, entry.action.before) {
                neverWritten += 1
                continue
            }
            if !applied && !force {
                let reason =
                    entry.status == .started
                    ? "unknown: fix run \(runID) was interrupted while sending this, and PostHog now holds \(now), neither value it planned; --force restores it anyway"
                    : "changed since the fix (now \(now)); --force restores it anyway"
                skippedNow.append((reverse, reason))
                continue
            }
            reverse.before = now
            actions.append((reverse, definition.updatedAt))
        }
        let run = try store.startFixRun(
            kind: .undo, undoes: runID, host: original.host, project: original.project, policyHash: nil, plan: nil,
            actions: actions + skippedNow.map { ($0.0, nil) })
        let skippedIDs = Array(run.entries.suffix(skippedNow.count))
        for (entry, item) in zip(skippedIDs, skippedNow) { try store.mark([entry.id], .skipped, reason: item.1) }
        guard let fresh = try store.fixRun(run.id) else { throw StewardError(.storage, "fix run \(run.id) vanished from history.") }
        var outcome = try await execute(
            fresh, client: client, store: store, remote: remote, tagMode: .exact, touched: Set(actions.map(\.action.eventID)),
            current: current)
        if recreated > 0 {
            outcome.notes.append(
                "\(recreated) deleted definition\(recreated == 1 ? " was" : "s were") created again with \(recreated == 1 ? "its" : "their") metadata; PostHog gives \(recreated == 1 ? "it a new id" : "each a new id"), so links to the old id do not follow"
            )
        }
        if neverWritten > 0 {
            outcome.notes.append(
                "\(neverWritten) change\(neverWritten == 1 ? "" : "s") of fix run \(runID) never reached PostHog (it was interrupted); nothing to undo there"
            )
        }
        return outcome
    }

    /// The host and project a fix plan made from `snapshot` is for; a snapshot that names none cannot make one.
    static func target(of snapshot: Snapshot) throws(StewardError) -> (host: String, project: String) {
        guard let host = snapshot.host, let project = snapshot.project else {
            throw StewardError(
                .usage, "a fix plan needs to know its PostHog project: read from --host/--project, or from a snapshot that names them.")
        }
        return (host, project)
    }

    /// The host and project a recorded fix run wrote to.
    public static func target(ofRun runID: Int64, historyPath: String) throws(StewardError) -> (host: String, project: String) {
        guard let run = try HistoryStore.open(at: historyPath, create: false).fixRun(runID) else {
            throw StewardError(.usage, "history \(historyPath) has no fix run \(runID).")
        }
        return (run.host, run.project)
    }

    // MARK: - Shared

    private func execute(
        _ run: FixRunRecord, client: PostHogClient, store: HistoryStore, remote: DefinitionSource.RemoteOptions,
        tagMode: FixExecutor.TagMode,
        touched: Set<String>, current known: [String: EventDefinition]? = nil
    ) async throws(StewardError) -> Outcome {
        let current: [String: EventDefinition]
        if let known {
            current = known
        } else {
            do throws(StewardError) {
                current = try await Self.read(
                    remote, client: client, dashboards: run.entries.contains { $0.action.field == .dashboardTags })
            } catch {
                try? store.finishFixRun(run.id, stopped: error.message)
                throw error
            }
        }
        let runnable = try Self.settle(run, against: current, in: store, touched: touched, checkUpdatedAt: known == nil)
        var executor = FixExecutor(client: client, store: store, tagMode: tagMode)
        var stopped: FixExecutor.Stop?
        var requests: [String: Int] = [:]
        var notes: [String] = []
        do {
            try await executor.execute(runnable)
            // A create that found its name taken left field changes: journaled first, then sent.
            if !executor.followUps.isEmpty {
                let more = try store.appendFixActions(run.id, actions: executor.followUps)
                requests.merge(executor.requests, uniquingKeysWith: +)
                notes += executor.notes
                executor = FixExecutor(client: client, store: store, tagMode: tagMode)
                try await executor.execute(more)
            }
        } catch let error as FixExecutor.Stop {
            stopped = error
        } catch {
            stopped = FixExecutor.Stop(reason: "\(error)", error: (error as? StewardError) ?? StewardError(.storage, "\(error)"))
        }
        requests.merge(executor.requests, uniquingKeysWith: +)
        notes += executor.notes
        try store.finishFixRun(run.id, stopped: stopped.map { $0.reason })
        guard let final = try store.fixRun(run.id) else { throw StewardError(.storage, "fix run \(run.id) vanished from history.") }
        var outcome = Self.outcome(of: final)
        outcome.requests = requests
        outcome.notes = notes
        if let stopped {
            throw StewardError(
                stopped.error.kind,
                "\(stopped.reason) Fix run \(run.id) stopped; the journal says what was done. Resume with `steward fix --resume \(run.id)`."
            )
        }
        return outcome
    }

    /// Settles what a crash left unknown and re-checks everything not yet sent against PostHog: gone or
    /// changed since the plan is skipped, a started action PostHog already shows is done; the rest runs.
    static func settle(
        _ run: FixRunRecord, against current: [String: EventDefinition], in store: HistoryStore, touched: Set<String>,
        checkUpdatedAt: Bool
    ) throws(StewardError) -> [JournalEntry] {
        var runnable: [JournalEntry] = []
        let byName: [String: EventDefinition] =
            run.entries.contains { $0.action.field == .existence }
            ? Dictionary(current.values.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }) : [:]
        for entry in run.entries where entry.status == .planned || entry.status == .started {
            if entry.action.field == .existence {
                if try settleExistence(entry, current: current, byName: byName, in: store, touched: touched, checkUpdatedAt: checkUpdatedAt)
                {
                    runnable.append(entry)
                }
                continue
            }
            guard let definition = current[entry.action.eventID] else {
                let what = entry.action.field == .dashboardTags ? "dashboard (deleted since the plan)" : "definition"
                try store.mark([entry.id], .skipped, reason: "PostHog no longer has this \(what)")
                continue
            }
            let now = FixAction.value(of: entry.action.field, in: definition)
            if entry.status == .started, FixAction.same(now, entry.action.after) {
                try store.mark([entry.id], .done, reason: "confirmed from PostHog after an interruption")
                continue
            }
            let movedByOthers =
                !touched.contains(entry.action.eventID) && checkUpdatedAt && entry.seenUpdatedAt != nil
                && definition.updatedAt != entry.seenUpdatedAt
            if movedByOthers || !FixAction.same(now, entry.action.before) {
                let seen = entry.seenUpdatedAt?.iso8601 ?? "unknown"
                try store.mark(
                    [entry.id], .skipped,
                    reason:
                        "changed in PostHog since the plan (updated_at \(definition.updatedAt?.iso8601 ?? "none"), planned at \(seen)); nothing of it was written"
                )
                continue
            }
            runnable.append(entry)
        }
        return runnable
    }

    /// Settles a create or a delete; true when it is still to be sent. A create interrupted after PostHog made
    /// the definition is confirmed by its name; a create whose name PostHog now holds is sent anyway, and
    /// PostHog's 400 turns it into field changes; a delete of what is gone is settled as done (interrupted) or
    /// skipped.
    static func settleExistence(
        _ entry: JournalEntry, current: [String: EventDefinition], byName: [String: EventDefinition], in store: HistoryStore,
        touched: Set<String>, checkUpdatedAt: Bool
    ) throws(StewardError) -> Bool {
        switch (entry.action.before, entry.action.after) {
        case (.definition(nil), .definition(let spec?)):
            if entry.status == .started, let made = byName[spec.name] {
                var recorded = spec
                recorded.id = made.id
                try store.recordCreated(entry.id, id: made.id, after: .definition(recorded))
                try store.mark([entry.id], .done, reason: "confirmed from PostHog after an interruption")
                return false
            }
            return true
        case (.definition(let spec?), .definition(nil)):
            guard let definition = current[spec.id ?? entry.action.eventID] else {
                if entry.status == .started {
                    try store.mark([entry.id], .done, reason: "confirmed from PostHog after an interruption")
                } else {
                    try store.mark([entry.id], .skipped, reason: "PostHog no longer has this definition")
                }
                return false
            }
            let moved =
                !touched.contains(definition.id) && checkUpdatedAt && entry.seenUpdatedAt != nil
                && definition.updatedAt != entry.seenUpdatedAt
            if moved {
                try store.mark([entry.id], .skipped, reason: "changed in PostHog since the plan; it was not deleted")
                return false
            }
            return true
        default:
            try store.mark([entry.id], .failed, reason: "an existence change must create or delete a definition")
            return false
        }
    }

    /// A finished run's counts and skip reasons, most common first.
    static func outcome(of run: FixRunRecord) -> Outcome {
        var outcome = Outcome(runID: run.id)
        var reasons: [String: Int] = [:]
        for entry in run.entries {
            switch entry.status {
            case .done: outcome.done += 1
            case .skipped:
                outcome.skipped += 1
                reasons[entry.reason ?? "skipped", default: 0] += 1
            case .failed: outcome.failed += 1
            case .planned, .started: break
            }
        }
        outcome.skipReasons = reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
        return outcome
    }

    static func client(_ remote: DefinitionSource.RemoteOptions) throws(StewardError) -> PostHogClient {
        do { return try remote.makeClient() } catch { throw error.stewardError }
    }

    /// What PostHog holds now, by id: every definition, and with `dashboards` every dashboard as a stand-in
    /// definition under `dashboard:<id>` holding its name and tags, so a dashboard's tag action is settled and
    /// undone like a definition's.
    static func read(
        _ remote: DefinitionSource.RemoteOptions, client: PostHogClient, dashboards: Bool = false
    ) async throws(StewardError) -> [String: EventDefinition] {
        let result: DefinitionCrawler.Result
        var boards: [UsageData.Dashboard] = []
        do {
            result = try await DefinitionCrawler(client: client, options: remote.crawl, progress: remote.progress).crawl()
            if dashboards { boards = try await client.dashboards() }
        } catch {
            throw error.stewardError
        }
        guard result.complete else {
            throw StewardError(
                .api,
                "PostHog's definitions could not be read completely, so changes since the plan cannot be ruled out; nothing was written.")
        }
        var current = Dictionary(result.definitions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for board in boards {
            let id = FixAction.dashboardID(board.id)
            current[id] = EventDefinition(id: id, name: board.name, tags: board.tags)
        }
        return current
    }

    /// Refuses, before any request, a plan or run whose host or project is not the configured one: the
    /// file names a target, but only the person's own configuration decides where the key is sent.
    static func checkTarget(
        of what: String, host: String, project: String, against endpoint: PostHogEndpoint, nothing: String
    ) throws(StewardError) {
        guard !sameProject(host, project, endpoint) else { return }
        throw StewardError(
            .usage,
            "\(what) is for \(host) project \(project), but the configured target is \(endpoint.hostDescription) project \(endpoint.project) (--host or POSTHOG_HOST, default \(PostHogEndpoint.defaultHost); --project or POSTHOG_PROJECT_ID); \(nothing). Steward sends the key only where you configure it: pass --host and --project to confirm the target."
        )
    }

    static func sameProject(_ host: String, _ project: String, _ endpoint: PostHogEndpoint) -> Bool {
        func trim(_ text: String) -> String { text.hasSuffix("/") ? String(text.dropLast()) : text }
        return trim(host).lowercased() == trim(endpoint.hostDescription).lowercased() && project == endpoint.project
    }
}
