/// Events nobody has sent for a long time are hidden, so they stop cluttering every picker.
public struct StaleNotHiddenRule: DefinitionRule {
    /// It reads which insights chart the event.
    public static let readsUsage = true

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "stale_not_hidden",
        name: "Stale but visible",
        summary: "An event last seen more than `after_days` days ago is hidden.",
        rationale:
            "Dead events crowd every event picker; hiding keeps their history and takes them out of the way. PostHog itself calls events unseen for 30 days stale.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec(
                "after_days", .integer(minimum: 1, maximum: 36_500), default: .integer(90),
                "Days without an event before it counts as stale.")
        ],
        triggering: [
            RuleExample(.example("legacy_export_clicked", lastSeenDaysAgo: 400)),
            RuleExample(
                [.example("legacy_export_clicked", lastSeenDaysAgo: 400)], usage: ["legacy_export_clicked": [3]],
                note: "the message says a saved insight still charts it, and the fix leaves it visible"),
        ],
        nonTriggering: [
            .name("checkout_started"),
            RuleExample(.example("legacy_export_clicked", hidden: true, lastSeenDaysAgo: 400)),
            RuleExample(.example("legacy_export_clicked", lastSeenDaysAgo: 400), options: "{after_days: 500}"),
        ])

    let afterDays: Int

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        afterDays = try configuration.declaredInteger("after_days")
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard !definition.isHidden, let seen = definition.lastSeenAt else { return }
        let days = seen.days(until: context.now)
        guard days > afterDays else { return }
        if let usage = context.usage, let uses = usage.uses(definition.name) {
            // Hiding it would take it out of the pickers of the people whose charts still show it: say so.
            violations.append(
                Violation(
                    "'\(definition.name)' was last seen \(days) days ago (on \(seen.dateString)) and is still visible; \(UsageWords.charted(uses, in: usage)) still chart it, so fix the charts before hiding it.",
                    value: seen.dateString, fix: .hide))
            return
        }
        violations.append(
            Violation(
                "'\(definition.name)' was last seen \(days) days ago (on \(seen.dateString)) and is still visible.",
                value: seen.dateString, fix: .hide))
    }
}
