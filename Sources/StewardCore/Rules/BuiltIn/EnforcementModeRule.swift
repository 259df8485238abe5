/// Selected events enforce their schema (`reject`), or do not.
public struct EnforcementModeRule: DefinitionRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "enforcement_mode",
        name: "Enforcement mode",
        summary: "Events picked by `when` have the `require`d enforcement_mode, or not the `forbid`den one.",
        rationale: "`reject` makes PostHog drop events that break their schema: right for revenue events, dangerous for exploratory ones.",
        defaultSeverity: .error,
        options: [
            RuleOptionSpec("require", .choice(["allow", "reject"]), "The mode the selected events must have."),
            RuleOptionSpec("forbid", .choice(["allow", "reject"]), "A mode the selected events must not have."),
            RuleOptionSpec("when", .selector, "Which events this applies to (all in scope when absent)."),
        ],
        triggering: [
            RuleExample(.example("order_completed", tags: ["critical"]), options: "{require: reject, when: {tags: [critical]}}"),
            RuleExample(.example("debug_clicked", enforcementMode: .reject), options: "{forbid: reject}"),
            RuleExample(
                .example("order_completed", enforcementMode: "enforce"), options: "{require: reject}",
                note: "a mode this Steward does not know is not `reject`"),
        ],
        nonTriggering: [
            RuleExample(
                .example("order_completed", tags: ["critical"], enforcementMode: .reject),
                options: "{require: reject, when: {tags: [critical]}}"),
            RuleExample(.example("debug_clicked", tags: ["debug"]), options: "{require: reject, when: {tags: [critical]}}"),
        ])

    let required: EnforcementMode?
    let forbidden: EnforcementMode?
    let selector: DefinitionSelector?

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {
        required = configuration.string("require").map(EnforcementMode.init(rawValue:))
        forbidden = configuration.string("forbid").map(EnforcementMode.init(rawValue:))
        selector = configuration.selector("when")
        guard required != nil || forbidden != nil else {
            throw PolicyError("enforcement_mode needs `require` or `forbid` (allow or reject)", at: configuration.location)
        }
        if let required, required == forbidden {
            throw PolicyError("enforcement_mode cannot both require and forbid '\(required)'", at: configuration.location)
        }
    }

    /// Appends a violation for each way `definition` breaks the rule.
    public func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation]) {
        do {
            if let selector, try !selector.matches(definition, at: "enforcement_mode.when") { return }
        } catch {
            // Unknown whether `when` picks it: judged, and said, rather than silently spared.
            violations.append(Violation("'\(definition.name)' could not be checked: \(error.description)", value: definition.name))
            return
        }
        let mode = definition.enforcementMode ?? .allow
        if let required, mode != required {
            violations.append(
                Violation(
                    "'\(definition.name)' has enforcement_mode '\(mode)'; it must be '\(required)'.",
                    value: mode.rawValue, fix: .setEnforcementMode(required)))
        } else if let forbidden, mode == forbidden {
            let target: EnforcementMode = forbidden == .reject ? .allow : .reject
            violations.append(
                Violation(
                    "'\(definition.name)' has enforcement_mode '\(mode)', which is not allowed here.",
                    value: mode.rawValue, fix: .setEnforcementMode(target)))
        }
    }
}
