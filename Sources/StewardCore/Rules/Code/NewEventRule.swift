/// Says which names in code PostHog has never seen.
public struct NewEventRule: CodeRule {
    /// The rule's id, summary, rationale and severity.
    public static let description = RuleDescription(
        identifier: "new_event",
        name: "New event",
        summary: "Code sends an event PostHog holds no definition for: it will be created the first time the code runs.",
        rationale:
            "A pull request that adds an event should mean to; this is the moment to give it an owner and a description, and to check it is not a second name for an existing one.",
        defaultSeverity: .info, triggering: [], nonTriggering: [])

    /// The rule.
    public init() {}
}
