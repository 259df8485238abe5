/// A hidden event is not one saved insights still chart.
public struct HiddenInUseRule: DefinitionRule {
    /// It reads which insights chart the event.
    public static let readsUsage = true

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "hidden_in_use",
        name: "Hidden but charted",
        summary: "A hidden event is not charted by saved insights (read from PostHog's insights and actions).",
        rationale:
            "Hiding takes an event out of every picker, so nobody finds it to fix the charts that still count it; either the event matters and should be visible, or the charts should move to what replaced it.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(
                [.example("old_checkout", verified: false, hidden: true)], usage: ["old_checkout": [4]],
                note: "an insight on dashboard 4 charts it")
        ],
        nonTriggering: [
            RuleExample([.example("old_checkout", verified: false, hidden: true)], usage: [:], note: "nothing charts it"),
            RuleExample([.example("checkout_started")], usage: ["checkout_started": [4]], note: "visible"),
            RuleExample([.example("old_checkout", verified: false, hidden: true)], note: "usage not read"),
        ])

    /// The rule with its configured options.
    public init(configuration: RuleConfiguration) throws(PolicyError) {}

    /// Appends a violation when `definition` is hidden and a saved insight charts it.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard definition.isHidden, let usage = context.usage, let uses = usage.uses(definition.name) else { return }
        violations.append(
            Violation(
                "'\(definition.name)' is hidden, but \(UsageWords.charted(uses, in: usage)) still chart it; unhide it, or move the charts to the event that replaced it.",
                value: uses.dashboards.map(String.init).joined(separator: ",")))
    }
}
