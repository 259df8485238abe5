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

    /// Plans what makes PostHog true to the plan: a `create` for each planned event it lacks (with the planned
    /// metadata; a deprecated one hidden) and a change for each drifted field, written as a fix plan for
    /// `steward fix --apply` (and `steward undo`). An owner email no PostHog user has is refused, nothing written.
    public func apply(
        source: DefinitionSource, planPath: String, planOut: String
    ) async throws(StewardError) -> (plan: FixPlan, text: String, notes: [String]) {
        let plan = try Self.loadPlan(path: planPath)
        let snapshot = try await source.load()
        guard snapshot.complete else {
            throw StewardError(.api, "the definitions are incomplete; a plan made from them could create what exists. Nothing was written.")
        }
        let (host, project) = try FixPipeline.target(of: snapshot)
        let users = Self.usersByEmail(snapshot.definitions)
        func ownerID(_ event: PlannedEvent) throws(StewardError) -> Int? {
            guard let email = event.owner else { return nil }
            guard let id = users[email.lowercased()] else {
                throw StewardError(
                    .usage,
                    "\(event.location): owner '\(email)' is no PostHog user Steward can see (none owns, updated or verified a definition of this project); nothing was written."
                )
            }
            return id
        }
        let diff = PlanDiff(plan: plan, definitions: snapshot.definitions)
        var actions: [FixAction] = []
        var seen: [String: Timestamp?] = [:]
        for event in diff.missing {
            let spec = DefinitionSpec(
                name: event.name, description: event.description, ownerID: try ownerID(event), ownerEmail: event.owner,
                tags: event.tags ?? [], verified: event.verified, hidden: event.status == .deprecated ? true : nil,
                enforcementMode: event.enforcementMode?.rawValue)
            actions.append(
                FixAction(
                    eventID: FixAction.plannedID(event.name), eventName: event.name, field: .existence, before: .definition(nil),
                    after: .definition(spec), safe: true, rules: [PlannedMissingRule.description.identifier]))
        }
        let byName = Dictionary(snapshot.definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let planned = Dictionary(plan.events.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let rule = [PlanDriftRule.description.identifier]
        for drift in diff.drifted {
            guard let definition = byName[drift.name], let event = planned[drift.name] else { continue }
            let after: (FixAction.Field, FixValue)?
            switch drift.field {
            case "description": after = event.description.map { (.description, .text($0)) }
            case "owner": after = try ownerID(event).map { (.owner, .owner(id: $0, email: event.owner)) }
            case "tags": after = event.tags.map { (.tags, .tags($0)) }
            case "verified": after = event.verified.map { (.verified, .flag($0)) }
            case "enforcement_mode": after = event.enforcementMode.map { (.enforcementMode, .text($0.rawValue)) }
            case "status": after = event.status.map { (.hidden, .flag($0 == .deprecated)) }
            default: after = nil
            }
            guard let (field, value) = after else { continue }
            actions.append(
                FixAction(
                    eventID: definition.id, eventName: definition.name, field: field, before: FixAction.value(of: field, in: definition),
                    after: value, safe: true, rules: rule))
            seen[definition.id] = definition.updatedAt
        }
        let fixPlan = FixPlan(
            host: host, project: project, policyHash: "plan:\(planPath)", createdAt: snapshot.fetchedAt ?? Timestamp(.now), seen: seen,
            actions: actions, skipped: [])
        try fixPlan.validate(name: planOut)
        try ReportWriter.writeAtomically(String(decoding: fixPlan.encoded(), as: UTF8.self), to: planOut)
        return (fixPlan, FixPlanView.text(fixPlan), snapshot.readingNotes)
    }

    /// The PostHog users the definitions name (owners, editors, verifiers), by lower-cased email.
    static func usersByEmail(_ definitions: [EventDefinition]) -> [String: Int] {
        var users: [String: Int] = [:]
        for definition in definitions {
            for user in [definition.owner, definition.updatedBy, definition.verifiedBy] {
                if let user, let id = user.id, let email = user.email, !email.isEmpty { users[email.lowercased()] = id }
            }
        }
        return users
    }
}
