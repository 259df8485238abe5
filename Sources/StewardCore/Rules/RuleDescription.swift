/// Everything a person or a tool needs to know about a rule, declared once beside it.
public struct RuleDescription: Sendable {
    /// The snake_case id used in policies, findings, reports and `steward rules`.
    public let identifier: String
    /// A short human name.
    public let name: String
    /// One sentence on what it checks.
    public let summary: String
    /// Why it matters, in a sentence or two.
    public let rationale: String
    /// The severity the bundled presets give it unless a policy says otherwise.
    public let defaultSeverity: Severity
    /// The options a policy may set.
    public let options: [RuleOptionSpec]
    /// Definitions the rule must flag.
    public let triggering: [RuleExample]
    /// Definitions the rule must accept.
    public let nonTriggering: [RuleExample]

    /// Declares a rule.
    public init(
        identifier: String, name: String, summary: String, rationale: String, defaultSeverity: Severity,
        options: [RuleOptionSpec] = [], triggering: [RuleExample], nonTriggering: [RuleExample]
    ) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.options = options
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }

    /// The option declared under `name`, if any.
    public func option(named name: String) -> RuleOptionSpec? { options.first { $0.name == name } }
}

/// A worked example: definitions, the options in force (as inline YAML), and the reference date.
public struct RuleExample: Sendable {
    /// The definitions to lint together; for a triggering example the first must be flagged.
    public let definitions: [EventDefinition]
    /// Options as an inline YAML mapping, e.g. `{preset: posthog}`; empty for the defaults.
    public let options: String
    /// A line for the documentation saying what is special about the definitions, when names alone do not.
    public let note: String?
    /// A tracking plan in force, as YAML, for the plan rules; nil for none.
    public let plan: String?
    /// Usage, for the usage rules: event name → the dashboards a saved insight charting it is on; nil for unknown.
    public let usage: [String: [Int]]?

    /// The date examples treat as today, so that "seen 400 days ago" stays true forever.
    public static let referenceDate = Timestamp(seconds: 1_780_272_000)  // 2026-06-01T00:00:00Z

    /// An example of one definition.
    public init(_ definition: EventDefinition, options: String = "", note: String? = nil) {
        self.init([definition], options: options, note: note)
    }

    /// An example of several definitions judged together.
    public init(
        _ definitions: [EventDefinition], options: String = "", plan: String? = nil, usage: [String: [Int]]? = nil, note: String? = nil
    ) {
        self.definitions = definitions
        self.options = options
        self.plan = plan
        self.usage = usage
        self.note = note
    }

    /// The example's usage as an index; nil when it has none.
    public var usageIndex: UsageIndex? { usage.map { UsageIndex(charted: $0) } }

    /// The example's tracking plan, parsed; nil when it has none (or, for a bad example, when it does not parse).
    public var parsedPlan: TrackingPlan? { plan.flatMap { try? TrackingPlan.parse(text: $0, file: "tracking-plan.yml") } }

    /// An example of a bare name with every other field in a compliant state.
    public static func name(_ name: String, options: String = "", note: String? = nil) -> RuleExample {
        RuleExample(.example(name), options: options, note: note)
    }

    /// An example of several bare names judged together.
    public static func names(_ names: [String], options: String = "", note: String? = nil) -> RuleExample {
        RuleExample(names.map { .example($0) }, options: options, note: note)
    }
}

extension EventDefinition {
    /// A compliant definition for examples: owned, described, tagged, verified, seen yesterday.
    public static func example(
        _ name: String, owner: String? = "ana@example.com",
        description: String? = "Sent when the thing in the name happens.",
        tags: [String] = ["product"], verified: Bool = true, hidden: Bool = false,
        lastSeenDaysAgo: Int? = 1, createdDaysAgo: Int? = 200,
        enforcementMode: EnforcementMode = .allow
    ) -> EventDefinition {
        let now = RuleExample.referenceDate
        return EventDefinition(
            id: "example-\(name)", name: name, owner: owner.map { User(id: 1, email: $0) }, description: description,
            tags: tags, createdAt: createdDaysAgo.map { now.adding(days: -$0) }, lastSeenAt: lastSeenDaysAgo.map { now.adding(days: -$0) },
            verified: verified, hidden: hidden, enforcementMode: enforcementMode)
    }
}
