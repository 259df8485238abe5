/// Code names events with fixed strings, not ones built at run time.
public struct DynamicNameInCodeRule: CodeRule {
    /// The rule's id, summary, rationale and severity.
    public static let description = RuleDescription(
        identifier: "dynamic_name_in_code",
        name: "Dynamic name in code",
        summary:
            "A capture call builds its event name at run time (a template literal, f-string, concatenation or format call); the finding shows the template, as in `user_<expr>_signed_up`.",
        rationale:
            "This is where dynamic event names come from: one call becomes thousands of definitions nobody can chart. Put the value in a property and keep the name fixed.",
        defaultSeverity: .error, triggering: [], nonTriggering: [])

    /// The rule.
    public init() {}
}
