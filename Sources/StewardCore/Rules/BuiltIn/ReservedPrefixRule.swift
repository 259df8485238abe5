/// Custom events do not use the `$` prefix PostHog reserves for its own events.
public struct ReservedPrefixRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "reserved_prefix",
        name: "Reserved prefix",
        summary: "Custom events do not start with `$`, the prefix PostHog keeps for the events its SDKs send.",
        rationale:
            "A `$` name looks like PostHog's own event, is filtered as one (`event_type=event_posthog`) and may collide with one PostHog adds later.",
        defaultSeverity: .error,
        options: [RuleOptionSpec("allowed", .strings, default: .strings([]), "`$` names the project may keep.")],
        triggering: [.name("$checkout_started")],
        nonTriggering: [.name("checkout_started"), .name("$legacy_import", options: "{allowed: [$legacy_import]}")])

    let allowed: Set<String>

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        allowed = Set(try configuration.declaredStrings("allowed"))
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard definition.name.utf8.first == UInt8(ascii: "$"), !allowed.contains(definition.name),
            !PostHogEvents.contains(definition.name)
        else { return }
        violations.append(
            Violation(
                "'\(definition.name)' starts with '$', which PostHog reserves for its own events; name custom events without it.",
                value: "$"))
    }
}
