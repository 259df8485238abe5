/// The findings the engine makes about a policy's own waivers: not rules a policy configures, but
/// described, documented and worded here, beside the rules, so `steward rules` and docs/rules.md list them.
public enum WaiverRules {
    /// A waiver past its `expires` date: always an error.
    public static let expired = RuleDescription(
        identifier: "waiver_expired", name: "Waiver expired",
        summary: "A waiver is past its `expires` date: the finding it accepted counts again, and so does this one.",
        rationale:
            "A waiver is a decision with a deadline. Once the date has passed the decision must be taken again: fix the finding, or renew the waiver with a new reason and date.",
        defaultSeverity: .error, triggering: [], nonTriggering: [])

    /// A waiver expiring within `settings.waiver_warning_days`: an info, so the expiry is seen coming.
    public static let expiring = RuleDescription(
        identifier: "waiver_expiring", name: "Waiver expiring",
        summary: "A waiver expires within `settings.waiver_warning_days` (default 14).",
        rationale: "A warning ahead of the deadline, so a waiver is renewed or its finding fixed before the gate fails on it.",
        defaultSeverity: .info, triggering: [], nonTriggering: [])

    /// Both, in the order `steward rules` lists them.
    public static let all = [expired, expiring]

    /// The message of a `waiver_expired` finding.
    static func expiredMessage(_ waiver: Waiver) -> String {
        "The waiver of \(waiver.ruleID) for '\(waiver.subject)' expired on \(waiver.expires.dateString) (\(waiver.location)); fix the finding or renew the waiver with a new reason."
    }

    /// The message of a `waiver_expiring` finding, `daysLeft` days ahead.
    static func expiringMessage(_ waiver: Waiver, daysLeft: Int) -> String {
        "The waiver of \(waiver.ruleID) for '\(waiver.subject)' expires on \(waiver.expires.dateString), in \(daysLeft) day\(daysLeft == 1 ? "" : "s") (\(waiver.location))."
    }
}
