/// Event names are neither cryptically short nor sentence-long.
public struct NameLengthRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "name_length",
        name: "Name length",
        summary: "Event names are between `min_length` and `max_length` characters long.",
        rationale: "Two-letter names say nothing and very long ones are truncated in every picker; PostHog stores at most 400 characters.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec("min_length", .integer(minimum: 1, maximum: 400), default: .integer(3), "Shortest acceptable name."),
            RuleOptionSpec("max_length", .integer(minimum: 1, maximum: 100_000), default: .integer(64), "Longest acceptable name."),
        ],
        triggering: [.name("go"), .name(String(repeating: "checkout_", count: 10) + "clicked")],
        nonTriggering: [.name("checkout_started"), .name("go", options: "{min_length: 2}")])

    let minimum: Int
    let maximum: Int

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        minimum = try configuration.declaredInteger("min_length")
        maximum = try configuration.declaredInteger("max_length")
        guard minimum <= maximum else {
            throw PolicyError("name_length: min_length (\(minimum)) is greater than max_length (\(maximum))", at: configuration.location)
        }
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        // UTF-8 bytes bound the character count from both sides; characters are counted only when they must be.
        let bytes = definition.name.utf8.count
        if bytes <= maximum, bytes >= 4 * minimum { return }
        let length = definition.name.utf8.allSatisfy { $0 < 0x80 } ? bytes : definition.name.count
        if length < minimum {
            violations.append(
                Violation(
                    "'\(definition.name)' is \(length) character\(length == 1 ? "" : "s") long; names need at least \(minimum).",
                    value: String(length)))
        } else if length > maximum {
            violations.append(Violation("The name is \(length) characters long; keep names to \(maximum) or fewer.", value: String(length)))
        }
    }
}
