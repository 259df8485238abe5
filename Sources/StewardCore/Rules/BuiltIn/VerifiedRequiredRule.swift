/// Events in use are verified, so PostHog ranks them first and people trust them.
public struct VerifiedRequiredRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "verified_required",
        name: "Verified required",
        summary: "Events are verified; with `seen_within_days`, only events seen that recently must be.",
        rationale: "PostHog puts verified events first in every filter; verifying is how a team marks the canonical, reviewed events.",
        defaultSeverity: .info,
        options: [
            RuleOptionSpec(
                "seen_within_days", .integer(minimum: 1, maximum: 36_500),
                "Only events seen in the last N days must be verified.")
        ],
        triggering: [RuleExample(.example("checkout_started", verified: false))],
        nonTriggering: [
            .name("checkout_started"),
            RuleExample(.example("checkout_started", verified: false, lastSeenDaysAgo: 400), options: "{seen_within_days: 90}"),
        ])

    let seenWithinDays: Int?

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        seenWithinDays = configuration.integer("seen_within_days")
    }

    /// The message of most findings, its template built once.
    static let notVerified = MessageWording("' is not verified.")

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard !definition.isVerified, !definition.isHidden else { return }
        if let seenWithinDays {
            guard let seen = definition.lastSeenAt, seen.days(until: context.now) <= seenWithinDays else { return }
        }
        violations.append(Self.notVerified.violation(naming: definition.name, fix: .verify))
    }
}
