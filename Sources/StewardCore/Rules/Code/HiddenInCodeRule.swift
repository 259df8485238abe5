/// Code does not send an event PostHog hides or the tracking plan deprecates.
public struct HiddenInCodeRule: CodeRule {
    /// The rule's id, summary, rationale and severity.
    public static let description = RuleDescription(
        identifier: "hidden_in_code",
        name: "Hidden event still sent",
        summary: "Code still sends an event that PostHog hides, or that the tracking plan marks deprecated.",
        rationale:
            "Hiding an event takes it out of every picker, not out of the code: the data keeps arriving and nobody looks at it. Remove the call, or unhide the event.",
        defaultSeverity: .warning, triggering: [], nonTriggering: [])

    /// The rule.
    public init() {}
}
