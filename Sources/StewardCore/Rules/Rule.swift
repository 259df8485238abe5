/// A rule: a value with a static description, built from its configuration in a policy.
public protocol Rule: Sendable {
    /// The rule's id, name, summary, options and examples.
    static var description: RuleDescription { get }
    /// Builds the rule from its validated options; throws for option combinations that make no sense.
    init(configuration: RuleConfiguration) throws(PolicyError)
}

/// A rule that judges one definition at a time.
public protocol DefinitionRule: Rule {
    /// Appends a violation to `violations` for each problem with `definition`.
    func check(_ definition: EventDefinition, in context: LintContext, into violations: inout [Violation])
    /// Whether it reads `LintContext.usage` (read beside the crawl, so such rules judge once it is in; the
    /// others judge each page of definitions as it arrives).
    static var readsUsage: Bool { get }
}

extension DefinitionRule {
    /// Most rules judge the definition alone.
    public static var readsUsage: Bool { false }
}

/// A rule that judges definitions against each other (duplicates, clusters, conventions).
public protocol CollectingRule: Rule {
    /// Hands each violation to `emit` as it is found, with the position in `definitions` of the
    /// definition it is about (so a million messages are never held at once).
    func check(_ definitions: DefinitionSubset, in context: LintContext, emit: (Int, Violation) -> Void)
}

extension CollectingRule {
    /// Every violation, each with the position in `definitions` of the definition it is about.
    public func check(_ definitions: DefinitionSubset, in context: LintContext) -> [(index: Int, violation: Violation)] {
        var violations: [(index: Int, violation: Violation)] = []
        check(definitions, in: context) { violations.append(($0, $1)) }
        return violations
    }
}

/// A collecting rule whose per-definition part needs the definition alone (a name's template, its style):
/// that part is worked out page by page while a crawl still reads later pages (``Linter/lintPage(_:)``), and
/// the collecting part reads it back, so only the comparing is left once the last page is in.
public protocol PreparingRule: CollectingRule {
    /// What the rule works out from one definition alone.
    associatedtype Prepared: Sendable
    /// The per-definition part, a function of the definition and the rule's options only.
    func prepare(_ definition: EventDefinition) -> Prepared
    /// Every definition's prepared value, in order (a crawl's page at a time): `prepare` on each, unless the
    /// rule shares equal values between definitions.
    func prepare(each definitions: DefinitionSubset) -> [Prepared]
    /// Judges the definitions together, with each one's prepared value (`prepared(position)`, by position in
    /// `definitions`), emitting each violation with its definition's position.
    func check(
        _ definitions: DefinitionSubset, prepared: (Int) -> Prepared, in context: LintContext, emit: (Int, Violation) -> Void)
}

extension PreparingRule {
    /// `prepare` on each definition.
    public func prepare(each definitions: DefinitionSubset) -> [Prepared] {
        var values: [Prepared] = []
        values.reserveCapacity(definitions.count)
        for index in definitions.indices { values.append(prepare(definitions[index])) }
        return values
    }

    /// Prepares every definition on the spot, then judges them together.
    public func check(_ definitions: DefinitionSubset, in context: LintContext, emit: (Int, Violation) -> Void) {
        let values = prepare(each: definitions)
        check(definitions, prepared: { values[$0] }, in: context, emit: emit)
    }
}

/// A rule that judges the tracking plan against the definitions as a whole: what the plan names that no
/// definition is (`planned_missing`). Its findings name the planned event, not a definition.
public protocol PlanRule: Rule {
    /// Hands each violation to `emit` with the planned event it is about.
    func check(_ plan: PlanIndex, names: Set<String>, in context: LintContext, emit: (PlannedEvent, Violation) -> Void)
}

/// What rules may know besides the definition itself.
public struct LintContext: Sendable {
    /// The instant the audit treats as now (injected, so results are reproducible).
    public var now: Timestamp
    /// The tracking plan, when one is configured; the plan rules judge nothing without it.
    public var plan: PlanIndex?
    /// Which saved insights and dashboards chart each event, when it was read; the usage rules judge nothing without it.
    public var usage: UsageIndex?

    /// Creates a context.
    public init(now: Timestamp, plan: TrackingPlan? = nil, usage: UsageIndex? = nil) {
        self.now = now
        self.plan = plan.map(PlanIndex.init)
        self.usage = usage
    }
}
