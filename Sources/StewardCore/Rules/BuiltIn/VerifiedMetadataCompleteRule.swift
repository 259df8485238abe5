/// A verified event is fully documented: owner, description and tags.
public struct VerifiedMetadataCompleteRule: DefinitionRule {
    static let fields = ["owner", "description", "tags"]

    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "verified_metadata_complete",
        name: "Verified metadata complete",
        summary: "A verified event has an owner, a description and tags (or the fields listed in `require`).",
        rationale: "Verified is a promise that the event is reviewed and canonical; an undocumented verified event breaks it.",
        defaultSeverity: .error,
        options: [
            RuleOptionSpec("require", .strings, default: .strings(fields), "Fields a verified event must have: owner, description, tags.")
        ],
        triggering: [
            RuleExample(.example("checkout_started", owner: nil)), RuleExample(.example("checkout_started", description: "", tags: [])),
        ],
        nonTriggering: [.name("checkout_started"), RuleExample(.example("checkout_started", owner: nil, verified: false))])

    let required: [String]

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        required = try configuration.declaredStrings("require")
        if let unknown = required.first(where: { !Self.fields.contains($0) }) {
            throw PolicyError(
                "verified_metadata_complete.require: unknown field '\(unknown)'; use any of \(Self.fields.joined(separator: ", "))",
                at: configuration.location)
        }
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard definition.isVerified else { return }
        var missing: [String] = []
        for field in required {
            switch field {
            case "owner": if definition.owner == nil { missing.append("an owner") }
            case "description": if (definition.description ?? "").trimmingWhitespace.isEmpty { missing.append("a description") }
            default: if definition.tags.isEmpty { missing.append("tags") }
            }
        }
        guard !missing.isEmpty else { return }
        let list = missing.count == 1 ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + missing.last!
        violations.append(
            Violation(
                "'\(definition.name)' is verified but is missing \(list).",
                value: missing.joined(separator: ",")))
    }
}
