/// A hidden event that is still being sent is probably hidden by mistake.
public struct HiddenButActiveRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "hidden_but_active",
        name: "Hidden but active",
        summary: "A hidden event was not seen in the last `within_days` days.",
        rationale: "Hiding is for dead events; a live event that is hidden disappears from the pickers of the people who need it.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec(
                "within_days", .integer(minimum: 1, maximum: 36_500), default: .integer(7), "Seen this recently counts as active.")
        ],
        triggering: [RuleExample(.example("checkout_started", hidden: true, lastSeenDaysAgo: 1))],
        nonTriggering: [.name("checkout_started"), RuleExample(.example("legacy_export_clicked", hidden: true, lastSeenDaysAgo: 60))])

    let withinDays: Int

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        withinDays = try configuration.declaredInteger("within_days")
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard definition.isHidden, let seen = definition.lastSeenAt else { return }
        let days = seen.days(until: context.now)
        guard days <= withinDays else { return }
        violations.append(
            Violation(
                "'\(definition.name)' is hidden but was seen \(days == 0 ? "today" : "\(days) day\(days == 1 ? "" : "s") ago").",
                value: seen.dateString, fix: .unhide))
    }
}
