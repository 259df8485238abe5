/// A planned event carries the metadata the plan gives it: description, owner, tags, verified,
/// enforcement mode and status, each only where the plan writes it.
public struct PlanDriftRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "plan_drift",
        name: "Plan drift",
        summary: "A planned event's metadata in PostHog is what the tracking plan says, for every field the plan writes.",
        rationale:
            "The plan is reviewed in git; PostHog is edited by hand. Drift is where the two disagree, and `steward plan diff` or a fix plan can make PostHog true again.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(
                [.example("checkout_started", description: "Old words.")],
                plan: "events: [{name: checkout_started, description: Fired when the checkout page opens.}]",
                note: "the plan's description differs")
        ],
        nonTriggering: [
            RuleExample(
                [.example("checkout_started", tags: ["Revenue"])], plan: "events: [{name: checkout_started, tags: [revenue]}]",
                note: "tags compare as PostHog stores them"),
            RuleExample(
                [.example("checkout_started")], plan: "events: [{name: checkout_started}]", note: "no field planned, none governed"),
        ])

    /// The rule with its configured options.
    public init(configuration: RuleConfiguration) throws(PolicyError) {}

    /// Appends one violation naming every planned field `definition` does not hold.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard let planned = context.plan?.byName[definition.name] else { return }
        let drifts = PlanDiff.drift(of: planned, from: definition)
        guard !drifts.isEmpty else { return }
        let said = drifts.map { "\($0.field) is '\($0.actual)', planned '\($0.planned)'" }.joined(separator: "; ")
        violations.append(
            Violation(
                "'\(definition.name)' differs from the tracking plan (\(planned.location)): \(said).",
                value: drifts.map(\.field).joined(separator: ",")))
    }
}
