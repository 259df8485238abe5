/// Events carry the tags the policy asks for, and only allowed ones.
public struct TagsRequiredRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "tags_required",
        name: "Tags required",
        summary: "Events carry at least `min_count` tags, one of `any_of`, all of `all_of`, and only tags from `allowed` when it is set.",
        rationale: "Tags (product area, team, pii) are how a taxonomy of thousands of events is sliced and owned.",
        defaultSeverity: .warning,
        options: [
            RuleOptionSpec("min_count", .integer(minimum: 0, maximum: 100), default: .integer(1), "Fewest tags an event may have."),
            RuleOptionSpec("any_of", .strings, "The event needs at least one of these."),
            RuleOptionSpec("all_of", .strings, "The event needs every one of these."),
            RuleOptionSpec("allowed", .strings, "When set, tags outside this list are flagged."),
            RuleOptionSpec("default_tag", .string, "Suggested tag when `any_of` is not met; the fix planner adds it."),
        ],
        triggering: [
            RuleExample(.example("checkout_started", tags: [])),
            RuleExample(.example("checkout_started", tags: ["misc"]), options: "{any_of: [growth, billing]}"),
            RuleExample(.example("checkout_started", tags: ["billing"]), options: "{all_of: [billing, pii]}"),
            RuleExample(.example("checkout_started", tags: ["billing", "tmp"]), options: "{allowed: [billing, growth]}"),
        ],
        nonTriggering: [
            .name("checkout_started"),
            RuleExample(.example("checkout_started", tags: ["billing"]), options: "{any_of: [growth, billing]}"),
            RuleExample(.example("checkout_started", tags: []), options: "{min_count: 0}"),
        ])

    let minCount: Int
    let anyOf: [String]
    let allOf: [String]
    let allowed: Set<String>?
    let defaultTag: String?

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        minCount = try configuration.declaredInteger("min_count")
        anyOf = (configuration.strings("any_of") ?? []).map { $0.lowercased() }
        allOf = (configuration.strings("all_of") ?? []).map { $0.lowercased() }
        allowed = configuration.strings("allowed").map { Set($0.map { $0.lowercased() }) }
        defaultTag = configuration.string("default_tag")?.lowercased()
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        let tags = Set(definition.tags.map { $0.lowercased() })
        // One finding per definition: every problem is named in it, and the fix adds what is missing.
        var problems: [String] = []
        var add: [String] = []
        var remove: [String] = []
        if tags.count < minCount {
            problems.append("has \(tags.count) tag\(tags.count == 1 ? "" : "s") and needs at least \(minCount)")
            if allOf.isEmpty, anyOf.isEmpty, let defaultTag { add.append(defaultTag) }
        }
        if !anyOf.isEmpty, !anyOf.contains(where: tags.contains) {
            problems.append("needs one of the tags \(anyOf.joined(separator: ", "))")
            if let defaultTag { add.append(defaultTag) }
        }
        let missing = allOf.filter { !tags.contains($0) }
        if !missing.isEmpty {
            problems.append("is missing the tag\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
            add.append(contentsOf: missing)
        }
        if let allowed {
            let extra = tags.subtracting(allowed).sorted()
            if !extra.isEmpty {
                problems.append("has tag\(extra.count == 1 ? "" : "s") outside the allowed list: \(extra.joined(separator: ", "))")
                remove = extra
            }
        }
        guard !problems.isEmpty else { return }
        var unique: [String] = []
        for tag in add where !unique.contains(tag) { unique.append(tag) }
        let fix: SuggestedFix? = !unique.isEmpty ? .addTags(unique) : (!remove.isEmpty ? .removeTags(remove) : nil)
        violations.append(
            Violation(
                "'\(definition.name)' \(problems.joined(separator: "; ")).",
                value: definition.tags.joined(separator: ","), fix: fix))
    }
}
