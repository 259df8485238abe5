/// How PostHog differs from a tracking plan: planned events it lacks, custom events it holds that the plan
/// does not name, and each governed field that differs. PostHog's own events are never "unplanned".
public struct PlanDiff: Sendable, Equatable {
    /// One field of one event whose value in PostHog is not the planned one.
    public struct Drift: Sendable, Equatable {
        /// The event.
        public var name: String
        /// The field, as the plan spells it (`description`, `owner`, `tags`, `verified`, `enforcement_mode`, `status`).
        public var field: String
        /// The planned value, as text.
        public var planned: String
        /// PostHog's value, as text.
        public var actual: String
        /// Where the plan says it.
        public var location: SourceLocation
    }

    /// Planned events PostHog has no definition of, in the plan's order.
    public var missing: [PlannedEvent]
    /// Custom events in PostHog the plan does not name, sorted by name.
    public var unplanned: [EventDefinition]
    /// Fields that differ, in the plan's order.
    public var drifted: [Drift]

    /// Whether PostHog matches the plan.
    public var isEmpty: Bool { missing.isEmpty && unplanned.isEmpty && drifted.isEmpty }

    /// Compares `plan` with `definitions` in one pass over each (a dictionary by name, no nested loops).
    public init(plan: TrackingPlan, definitions: [EventDefinition]) {
        var byName: [String: EventDefinition] = [:]
        byName.reserveCapacity(definitions.count)
        for definition in definitions { byName[definition.name] = definition }
        var missing: [PlannedEvent] = []
        var drifted: [Drift] = []
        for event in plan.events {
            guard let definition = byName[event.name] else {
                missing.append(event)
                continue
            }
            drifted += Self.drift(of: event, from: definition)
        }
        let planned = Set(plan.events.map(\.name))
        self.missing = missing
        self.unplanned = definitions.filter { !planned.contains($0.name) && !PostHogEvents.contains($0.name) }
            .sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        self.drifted = drifted
    }

    /// The governed fields of `event` that `definition` does not hold.
    static func drift(of event: PlannedEvent, from definition: EventDefinition) -> [Drift] {
        var drifts: [Drift] = []
        func differs(_ field: String, _ planned: String, _ actual: String) {
            drifts.append(Drift(name: event.name, field: field, planned: planned, actual: actual, location: event.location))
        }
        if let description = event.description, description != (definition.description ?? "") {
            differs("description", description, definition.description ?? "")
        }
        if let owner = event.owner, owner.lowercased() != (definition.owner?.email ?? "").lowercased() {
            differs("owner", owner, definition.owner?.email ?? definition.owner.map { $0.displayName } ?? "(none)")
        }
        if let tags = event.tags, tags != FixAction.normalized(definition.tags) {
            differs("tags", "[\(tags.joined(separator: ", "))]", "[\(FixAction.normalized(definition.tags).joined(separator: ", "))]")
        }
        if let verified = event.verified, verified != definition.isVerified {
            differs("verified", String(verified), String(definition.isVerified))
        }
        if let mode = event.enforcementMode, mode != (definition.enforcementMode ?? .allow) {
            differs("enforcement_mode", mode.rawValue, (definition.enforcementMode ?? .allow).rawValue)
        }
        if let status = event.status {
            let actual: PlannedEvent.Status = definition.isHidden ? .deprecated : .active
            if status != actual { differs("status", status.rawValue, "\(actual.rawValue) (hidden: \(definition.isHidden))") }
        }
        return drifts
    }
}
