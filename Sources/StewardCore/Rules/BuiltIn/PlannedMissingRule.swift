/// Every event the tracking plan names exists in PostHog.
public struct PlannedMissingRule: PlanRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "planned_missing",
        name: "Planned but missing",
        summary: "Every event the tracking plan names has a definition in PostHog.",
        rationale:
            "A planned event PostHog has never heard of is one the code does not send yet, or sends under another name: either way the dashboards built on the plan are empty.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(
                [.example("checkout_started")], plan: "events: [{name: checkout_started}, {name: trial_ended}]",
                note: "trial_ended is planned")
        ],
        nonTriggering: [
            RuleExample([.example("checkout_started")], plan: "events: [{name: checkout_started}]")
        ])

    /// The rule with its configured options.
    public init(configuration: RuleConfiguration) throws(PolicyError) {}

    /// Emits a violation for each planned event no definition is named like.
    public func check(_ plan: PlanIndex, names: Set<String>, in context: LintContext, emit: (PlannedEvent, Violation) -> Void) {
        for event in plan.plan.events where !names.contains(event.name) {
            emit(
                event,
                Violation(
                    "'\(event.name)' is planned (\(event.location)) but PostHog has no such event; send it, or take it out of the plan.",
                    value: plan.plan.file))
        }
    }
}
