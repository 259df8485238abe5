/// Every event says what it means, in more than a placeholder.
public struct DescriptionRequiredRule: DefinitionRule {
    static let defaultPlaceholders = [
        "todo", "tbd", "tba", "fixme", "n/a", "na", "none", "-", "--", "...", "?", "description",
        "placeholder", "test", "xxx", "wip", "fill me in", "add description",
    ]

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "description_required",
        name: "Description required",
        summary: "Every event has a description of at least `min_length` characters that is not placeholder text such as TODO.",
        rationale: "Descriptions are what tell `checkout_started` from `checkout_begun`; PostHog shows them in every picker.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec("min_length", .integer(minimum: 1, maximum: 10_000), default: .integer(10), "Shortest acceptable description."),
            RuleOptionSpec(
                "placeholders", .strings, default: .strings(defaultPlaceholders),
                "Texts that count as no description (compared case-insensitively)."),
        ],
        triggering: [
            RuleExample(.example("checkout_started", description: nil)),
            RuleExample(.example("checkout_started", description: "")),
            RuleExample(.example("checkout_started", description: "TODO")),
            RuleExample(.example("checkout_started", description: "checkout")),
        ],
        nonTriggering: [
            .name("checkout_started"), RuleExample(.example("checkout_started", description: "Checkout"), options: "{min_length: 5}"),
        ])

    let minLength: Int
    let placeholders: Set<String>

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        minLength = try configuration.declaredInteger("min_length")
        placeholders = Set((try configuration.declaredStrings("placeholders")).map { $0.lowercased() })
    }

    /// The message of most findings, its template built once.
    static let noDescription = MessageWording("' has no description.")

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        let text = (definition.description ?? "").trimmingWhitespace
        if text.isEmpty {
            violations.append(Self.noDescription.violation(naming: definition.name))
        } else if placeholders.contains(text.lowercased()) {
            violations.append(Violation("'\(definition.name)' has only placeholder text as its description.", value: text))
        } else if text.count < minLength {
            violations.append(
                Violation("'\(definition.name)' has a \(text.count)-character description; write at least \(minLength).", value: text))
        }
    }
}

extension String {
    /// The string without leading and trailing white space and newlines.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
