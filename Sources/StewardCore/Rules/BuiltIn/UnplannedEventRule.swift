/// With a tracking plan configured, every custom event PostHog holds is one the plan names.
public struct UnplannedEventRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "unplanned_event",
        name: "Unplanned event",
        summary: "With a tracking plan configured, every custom event in PostHog is planned (PostHog's own events never need to be).",
        rationale:
            "An event nobody planned is one nobody reviewed: the plan is where a team agrees what it sends, and `--new-only` makes a change that adds an unplanned event fail its gate.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(
                [.example("checkout_begun")], plan: "events: [{name: checkout_started}]", note: "the plan names checkout_started only")
        ],
        nonTriggering: [
            RuleExample([.example("checkout_started")], plan: "events: [{name: checkout_started}]"),
            RuleExample([.example("$pageview")], plan: "events: []", note: "PostHog's own event"),
            RuleExample([.example("checkout_begun")], note: "no tracking plan configured"),
        ])

    /// The rule with its configured options.
    public init(configuration: RuleConfiguration) throws(PolicyError) {}

    /// Appends a violation when a plan is configured and does not name `definition`.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard let plan = context.plan, plan.byName[definition.name] == nil, !PostHogEvents.contains(definition.name) else { return }
        violations.append(
            Violation(
                "'\(definition.name)' is not in the tracking plan (\(plan.plan.file)); plan it, or stop sending it and hide it.",
                value: plan.plan.file))
    }
}
