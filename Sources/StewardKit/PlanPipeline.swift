import Foundation
import StewardCore
import StewardReports

/// `steward plan import` and `steward plan diff`: the tracking plan written from PostHog, and PostHog
/// compared with it.
public struct PlanPipeline: Sendable {
    /// Creates a pipeline.
    public init() {}

    /// Reads the project and writes its custom events as a plan to `output` (atomically); returns how many,
    /// and the notes on how the definitions were read. An existing file is kept unless `replace`.
    public func importPlan(
        source: DefinitionSource, output: String, replace: Bool, now: Timestamp = Timestamp(.now)
    ) async throws(StewardError) -> (events: Int, notes: [String]) {
        if !replace, FileManager.default.fileExists(atPath: output) {
            throw StewardError(
                .usage, "\(output) exists; a plan is edited by hand, so import does not overwrite it (pass --force to replace it).")
        }
        let snapshot = try await source.load()
        guard snapshot.complete else {
            throw StewardError(.api, "the definitions are incomplete; a plan imported from them would miss events. Nothing was written.")
        }
        let label = snapshot.host.map { "\($0) project \(snapshot.project ?? "?")" } ?? source.label
        let text = TrackingPlanWriter.text(definitions: snapshot.definitions, source: label, date: now.dateString)
        try ReportWriter.writeAtomically(text, to: output)
        let events = snapshot.definitions.filter { !PostHogEvents.contains($0.name) }.count
        return (events, snapshot.readingNotes)
    }

    /// Loads a plan; its problems are usage errors at `file:line:column`.
    public static func loadPlan(path: String) throws(StewardError) -> TrackingPlan {
        do {
            return try TrackingPlan.load(path: path)
        } catch {
            throw error.stewardError
        }
    }

    /// Compares PostHog (or a snapshot) with the plan at `planPath`, and judges the planned names PostHog does not
    /// hold yet with the policy's naming rules, against every name PostHog holds and each other: a plan that
    /// introduces a bad name fails like `steward check`; names PostHog already has are the audit's to judge.
    public func diff(
        source: DefinitionSource, planPath: String, policies: [String], now: Timestamp?
    ) async throws(StewardError) -> (view: PlanDiffView, notes: [String]) {
        let plan = try Self.loadPlan(path: planPath)
        let policy = try PolicyResolution.load(explicit: policies)
        let snapshot = try await source.load()
        guard snapshot.complete else {
            throw StewardError(.api, "the definitions are incomplete; events could look missing that are not. Nothing was compared.")
        }
        let diff = PlanDiff(plan: plan, definitions: snapshot.definitions)
        let judged = try CheckPipeline().run(
            names: diff.missing.map(\.name), policy: policy, existing: snapshot.definitions, failOn: .error,
            now: now ?? snapshot.fetchedAt ?? Timestamp(.now))
        let locations = Dictionary(plan.events.map { ($0.name, $0.location) }, uniquingKeysWith: { first, _ in first })
        let view = PlanDiffView(diff: diff, naming: judged.findings, locations: locations, plan: planPath)
        return (view, snapshot.readingNotes)
    }
}
