/// A custom event old enough to have been charted is charted by something.
public struct UnusedEventRule: DefinitionRule {
    /// It reads which insights chart the event.
    public static let readsUsage = true

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "unused_event",
        name: "Unused event",
        summary:
            "A custom event older than `after_days` days is charted by a saved insight; the ones that are not are the candidates to hide.",
        rationale: "Events nobody charts crowd every picker; they are where a team starts when it tidies its taxonomy.",
        defaultSeverity: .info,
        options: [
            RuleOptionSpec(
                "after_days", .integer(minimum: 1, maximum: 3650), default: .integer(30), "How old an event must be before it counts.")
        ],
        triggering: [RuleExample([.example("legacy_export_clicked", createdDaysAgo: 200)], usage: [:], note: "nothing charts it")],
        nonTriggering: [
            RuleExample([.example("checkout_started", createdDaysAgo: 200)], usage: ["checkout_started": [1]]),
            RuleExample([.example("brand_new_clicked", createdDaysAgo: 3)], usage: [:], note: "created 3 days ago"),
            RuleExample([.example("$pageview", createdDaysAgo: 200)], usage: [:], note: "PostHog's own event"),
            RuleExample([.example("legacy_export_clicked", createdDaysAgo: 200)], note: "usage not read"),
        ])

    let afterDays: Int

    /// The rule with its configured options.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        afterDays = try configuration.declaredInteger("after_days")
    }

    /// Appends a violation when usage was read and nothing charts an old enough custom `definition`.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard let usage = context.usage, !usage.isReferenced(definition.name), !PostHogEvents.contains(definition.name),
            let created = definition.createdAt, created.days(until: context.now) > afterDays
        else { return }
        violations.append(
            Violation(
                "'\(definition.name)' is charted by no saved insight (of \(usage.insightCount)) and matched by no action; a candidate to hide once nobody needs it."
            )
        )
    }
}
