/// Every event has an owner who answers for it, from the organization's domains.
public struct OwnerRequiredRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "owner_required",
        name: "Owner required",
        summary: "Every event has an owner; optionally from allowed email domains or a list of people.",
        rationale: "An event nobody owns is one nobody fixes, documents or retires.",
        defaultSeverity: .error,
        options: [
            RuleOptionSpec("allowed_domains", .strings, "Owner email domains that are accepted (e.g. `example.com`)."),
            RuleOptionSpec("allowed_owners", .strings, "Owner emails that are accepted."),
            RuleOptionSpec("owner_by_tag", .stringMap, "Suggested owner (email) for events with a tag; the fix planner uses it."),
            RuleOptionSpec("default_owner", .string, "Suggested owner (email) when no tag maps to one."),
        ],
        triggering: [
            RuleExample(.example("checkout_started", owner: nil)),
            RuleExample(.example("checkout_started", owner: "contractor@gmail.com"), options: "{allowed_domains: [example.com]}"),
        ],
        nonTriggering: [
            .name("checkout_started"),
            .name("checkout_started", options: "{allowed_domains: [example.com]}"),
        ])

    let allowedDomains: Set<String>
    let allowedOwners: Set<String>
    let ownerByTag: [(key: String, value: String)]
    let defaultOwner: String?

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        allowedDomains = Set((configuration.strings("allowed_domains") ?? []).map { $0.lowercased() })
        allowedOwners = Set((configuration.strings("allowed_owners") ?? []).map { $0.lowercased() })
        ownerByTag = (configuration.stringMap("owner_by_tag") ?? []).map { ($0.key.lowercased(), $0.value) }
        defaultOwner = configuration.string("default_owner")
    }

    /// The message of most findings, its template built once.
    static let noOwner = MessageWording("' has no owner.")

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        guard let owner = definition.owner else {
            violations.append(
                Self.noOwner.violation(naming: definition.name, fix: suggestedOwner(for: definition).map { .setOwner(email: $0) }))
            return
        }
        guard !allowedDomains.isEmpty || !allowedOwners.isEmpty else { return }
        let email = (owner.email ?? "").lowercased()
        let domain = email.split(separator: "@").last.map(String.init) ?? ""
        if allowedOwners.contains(email) || allowedDomains.contains(domain) { return }
        violations.append(
            Violation(
                "'\(definition.name)' is owned by \(owner.displayName), who is not among the allowed owners or domains.",
                value: owner.displayName, fix: suggestedOwner(for: definition).map { .setOwner(email: $0) }))
    }

    private func suggestedOwner(for definition: EventDefinition) -> String? {
        for (tag, owner) in ownerByTag where definition.tags.contains(where: { $0.lowercased() == tag }) { return owner }
        return defaultOwner
    }
}
