/// An event saved insights chart is still arriving: a stale one leaves their tiles flat.
public struct StaleInUseRule: DefinitionRule {
    /// It reads which insights chart the event.
    public static let readsUsage = true

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "stale_in_use",
        name: "Stale but charted",
        summary:
            "An event saved insights chart has been seen within `after_days` days; the message names the dashboards whose tiles are now flat.",
        rationale:
            "An event that stopped arriving while dashboards still chart it is a broken dashboard nobody noticed: the line just goes flat. PostHog's own UI shows neither half.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec(
                "after_days", .integer(minimum: 1, maximum: 3650), default: .integer(30), "Days without the event that count as stale.")
        ],
        triggering: [
            RuleExample(
                [.example("checkout_completed", lastSeenDaysAgo: 45)], usage: ["checkout_completed": [2, 7]],
                note: "last seen 45 days ago, charted on dashboards 2 and 7"),
            RuleExample(
                [.example("checkout_completed", lastSeenDaysAgo: nil)], usage: ["checkout_completed": [2]], note: "never seen, charted"),
        ],
        nonTriggering: [
            RuleExample([.example("checkout_completed", lastSeenDaysAgo: 3)], usage: ["checkout_completed": [2]]),
            RuleExample([.example("checkout_completed", lastSeenDaysAgo: 45)], usage: [:], note: "nothing charts it"),
        ])

    let afterDays: Int

    /// The rule with its configured options.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        afterDays = try configuration.declaredInteger("after_days")
    }

    /// Appends a violation when a charted `definition` has not been seen for `after_days`.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard let usage = context.usage, let uses = usage.uses(definition.name) else { return }
        let since: String
        if let seen = definition.lastSeenAt {
            let days = seen.days(until: context.now)
            guard days > afterDays else { return }
            since = "was last seen \(days) days ago (on \(seen.dateString))"
        } else {
            since = "has never been seen"
        }
        violations.append(
            Violation(
                "'\(definition.name)' \(since), but \(UsageWords.charted(uses, in: usage)) chart it: their tiles are flat.",
                value: uses.dashboards.map(String.init).joined(separator: ",")))
    }
}
