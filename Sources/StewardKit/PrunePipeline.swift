import Foundation
import PostHogAPI
import StewardCore
import StewardReports

/// `steward prune`: plans the deletion of junk definitions only, as unsafe-class actions of a fix plan that
/// `steward fix --apply` sends and `steward undo` reverses (re-creating each with its metadata).
public struct PrunePipeline: Sendable {
    /// What counts as junk, and how much may go at once.
    public struct Options: Sendable {
        /// A definition seen within this many days is kept.
        public var notSeenDays = 365
        /// A definition created within this many days is kept (it may not have been sent yet).
        public var minimumAgeDays = 30
        /// The most deletions one plan holds.
        public var maximum = 1_000
        /// Plan the deletions (unsafe-class); without it they are listed as not planned.
        public var unsafe = false
        /// Prune without knowing which saved insights chart each event (for a snapshot file, or a key without
        /// `insight:read` and `action:read`).
        public var ignoreUsage = false
        /// The tracking plan: planned events are never pruned.
        public var planPath: String?
        /// The instant treated as now; nil means the snapshot's `fetched_at`.
        public var now: Timestamp?

        /// The defaults: unseen for a year, older than 30 days, at most 1,000, nothing planned without `unsafe`.
        public init() {}
    }

    /// The rule id prune's actions carry.
    public static let ruleID = "prune"

    /// Creates a pipeline.
    public init() {}

    /// Reads the project and writes the prune plan to `planOut`.
    public func plan(source: DefinitionSource, options: Options, planOut: String) async throws(StewardError) -> (
        plan: FixPlan, text: String, notes: [String]
    ) {
        var usage: UsageIndex?
        if case .remote(let remote) = source, !options.ignoreUsage { usage = try await Self.readUsage(remote) }
        let trackingPlan = try options.planPath.map { path throws(StewardError) in try PlanPipeline.loadPlan(path: path) }
        let snapshot = try await source.load()
        if case .file = source, !options.ignoreUsage {
            // A snapshot taken by `steward snapshot` carries the insights; one without them cannot say what is charted.
            guard let data = snapshot.usage else {
                throw StewardError(
                    .usage,
                    "prune keeps every event a saved insight charts, and this snapshot file holds no insights (take it with steward snapshot, which reads them); prune against PostHog (--host/--project), or pass --ignore-usage to prune by the other rules alone (never seen in the window, older than \(options.minimumAgeDays) days, not verified, not planned). Nothing was written."
                )
            }
            usage = data.index
        }
        guard snapshot.complete else {
            throw StewardError(
                .api,
                "the definitions are incomplete; a prune planned from them could delete what it cannot see the rest of. Nothing was written."
            )
        }
        let (host, project) = try FixPipeline.target(of: snapshot)
        let now = options.now ?? snapshot.fetchedAt ?? Timestamp(.now)
        let planned = Set(trackingPlan?.events.map(\.name) ?? [])
        var charted = 0
        let candidates = snapshot.definitions.filter { definition in
            guard Self.isJunk(definition, now: now, options: options, planned: planned) else { return false }
            if usage?.isReferenced(definition.name) == true {
                charted += 1
                return false
            }
            return true
        }
        .sorted { ($0.lastSeenAt ?? Timestamp(seconds: 0), $0.name, $0.id) < ($1.lastSeenAt ?? Timestamp(seconds: 0), $1.name, $1.id) }
        var actions: [FixAction] = []
        var skipped: [FixPlan.Skipped] = []
        var seen: [String: Timestamp?] = [:]
        for (position, definition) in candidates.enumerated() {
            if position >= options.maximum {
                skipped.append(
                    .init(eventID: definition.id, eventName: definition.name, rule: Self.ruleID, reason: "over --max \(options.maximum)"))
                continue
            }
            guard options.unsafe else {
                skipped.append(
                    .init(
                        eventID: definition.id, eventName: definition.name, rule: Self.ruleID,
                        reason: "deleting is unsafe: plan it with --unsafe"))
                continue
            }
            actions.append(
                FixAction(
                    eventID: definition.id, eventName: definition.name, field: .existence,
                    before: .definition(DefinitionSpec(definition)), after: .definition(nil), safe: false, rules: [Self.ruleID]))
            seen[definition.id] = definition.updatedAt
        }
        let fixPlan = FixPlan(
            host: host, project: project, policyHash: Self.ruleID, createdAt: snapshot.fetchedAt ?? now, seen: seen, actions: actions,
            skipped: skipped)
        try fixPlan.validate(name: planOut)
        try ReportWriter.writeAtomically(String(decoding: fixPlan.encoded(), as: UTF8.self), to: planOut)
        var notes = snapshot.readingNotes
        if let usage {
            notes.append(
                "usage read from \(usage.insightCount) saved insight\(usage.insightCount == 1 ? "" : "s"): \(charted) otherwise junk definition\(charted == 1 ? " is" : "s are") charted, so kept"
                    + (usage.unreadableNote.map { "; " + $0 } ?? "")
            )
        }
        return (fixPlan, FixPlanView.text(fixPlan), notes)
    }

    /// Reads saved insights and actions; a key that may not is a usage error saying which scope it lacks.
    static func readUsage(_ remote: DefinitionSource.RemoteOptions) async throws(StewardError) -> UsageIndex {
        try await UsageReading.read(
            remote, doing: "prune keeps every event a saved insight charts", otherwise: ", or pass --ignore-usage. Nothing was written."
        )
    }

    /// Junk, and nothing else: not PostHog's own, not seen within the window, created long enough ago (a
    /// definition whose creation date PostHog does not know is kept), not verified, not planned.
    static func isJunk(_ definition: EventDefinition, now: Timestamp, options: Options, planned: Set<String>) -> Bool {
        guard !PostHogEvents.contains(definition.name), !definition.isVerified, !planned.contains(definition.name) else { return false }
        if let seen = definition.lastSeenAt, seen > now.adding(days: -options.notSeenDays) { return false }
        guard let created = definition.createdAt, created < now.adding(days: -options.minimumAgeDays) else { return false }
        return true
    }
}
