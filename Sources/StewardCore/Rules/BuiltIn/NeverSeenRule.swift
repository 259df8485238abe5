/// A definition created long ago that never received an event is dead weight.
public struct NeverSeenRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "never_seen",
        name: "Never seen",
        summary: "A definition created more than `after_days` days ago has received at least one event.",
        rationale: "Definitions created ahead of an implementation that never shipped mislead everyone who finds them.",
        defaultSeverity: .info,
        options: [
            RuleOptionSpec(
                "after_days", .integer(minimum: 1, maximum: 36_500), default: .integer(30),
                "Age after which a never-seen definition is flagged.")
        ],
        triggering: [RuleExample(.example("onboarding_survey_submitted", lastSeenDaysAgo: nil, createdDaysAgo: 120))],
        nonTriggering: [
            .name("checkout_started"),
            RuleExample(.example("onboarding_survey_submitted", lastSeenDaysAgo: nil, createdDaysAgo: 3)),
            RuleExample(.example("onboarding_survey_submitted", hidden: true, lastSeenDaysAgo: nil, createdDaysAgo: 120)),
        ])

    let afterDays: Int

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        afterDays = try configuration.declaredInteger("after_days")
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard definition.lastSeenAt == nil, !definition.isHidden, let created = definition.createdAt else { return }
        let days = created.days(until: context.now)
        guard days > afterDays else { return }
        violations.append(
            Violation(
                "'\(definition.name)' was created \(days) days ago (on \(created.dateString)) and has never been seen.",
                value: created.dateString, fix: .hide))
    }
}
