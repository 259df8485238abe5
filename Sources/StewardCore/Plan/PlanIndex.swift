/// A tracking plan with its events by name, for rules that look one up per definition.
public struct PlanIndex: Sendable {
    /// The plan.
    public let plan: TrackingPlan
    /// Its events by name.
    public let byName: [String: PlannedEvent]

    /// Indexes `plan`.
    public init(_ plan: TrackingPlan) {
        self.plan = plan
        self.byName = Dictionary(plan.events.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
