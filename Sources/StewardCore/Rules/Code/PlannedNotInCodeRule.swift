/// Every event the tracking plan names is sent somewhere in the code scanned.
public struct PlannedNotInCodeRule: CodeRule {
    /// The rule's id, summary, rationale and severity.
    public static let description = RuleDescription(
        identifier: "planned_not_in_code",
        name: "Planned but not in code",
        summary: "An active event of the tracking plan is sent by no call the scan found.",
        rationale:
            "A plan entry no code sends is either not built yet or left behind after the code moved on; either way the plan and the product disagree. Scan the whole tree for this rule to mean anything.",
        defaultSeverity: .info, triggering: [], nonTriggering: [])

    /// The rule.
    public init() {}
}
