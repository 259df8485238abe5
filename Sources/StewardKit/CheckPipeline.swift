import PostHogAPI
import StewardCore
import StewardReports

/// `steward check NAME…`: judges candidate names with the name rules, optionally against a project's existing names.
public struct CheckPipeline: Sendable {
    /// Creates a pipeline.
    public init() {}

    /// The verdict on each candidate (rendered by StewardReports).
    public typealias Outcome = CheckReport

    /// Checks `names` under `policy`; with `existing`, near-duplicates and the inferred convention are judged against them.
    public func run(names: [String], policy: Policy, existing: [EventDefinition] = [], failOn: Severity, now: Timestamp)
        throws(StewardError) -> Outcome
    {
        var namePolicy = policy
        // Only rules that look at names can judge an event that does not exist yet.
        namePolicy.rules = policy.rules.filter { RuleRegistry.builtIn.rule($0.key) is any NameRule.Type }
        namePolicy.overrides = policy.overrides.map { override in
            var copy = override
            copy.rules = override.rules.filter { RuleRegistry.builtIn.rule($0.key) is any NameRule.Type }
            return copy
        }
        let linter = try Linter.checked(policy: namePolicy, now: now)
        let candidates = names.enumerated().map { EventDefinition(id: "candidate-\($0.offset)", name: $0.element) }
        let candidateIDs = Set(candidates.map(\.id))
        let candidateNames = Set(names)
        let result = try linter.lint(existing.filter { !candidateNames.contains($0.name) } + candidates)
        let findings = result.findings.filter { candidateIDs.contains($0.eventID) }
        // The linter has matched every scope pattern against these names without stopping at a limit.
        let outOfScope = candidates.filter { (try? policy.scope.contains($0)) == false }.map(\.name)
        return CheckReport(
            names: names, findings: findings, outOfScope: outOfScope, rules: result.enabledRules,
            exitCode: findings.contains { failOn != .off && $0.severity >= failOn } ? 1 : 0)
    }

    /// The most names `--live` looks up: one request each, within PostHog's 480 a minute.
    public static let maximumLiveNames = 500

    /// Asks PostHog, through `by_name`, what it holds under each name (nil: no such event); one request per
    /// distinct name, in turn, within the key's request budget.
    public func lookUp(names: [String], remote: DefinitionSource.RemoteOptions) async throws(StewardError) -> [String: EventDefinition?] {
        let distinct = Array(Set(names)).sorted()
        guard distinct.count <= Self.maximumLiveNames else {
            throw StewardError(
                .usage,
                "--live looks each name up with its own request; \(distinct.count) names is more than \(Self.maximumLiveNames). Check them offline against a snapshot with --from instead."
            )
        }
        do {
            let client = try remote.makeClient()
            var found: [String: EventDefinition?] = [:]
            for name in distinct { found[name] = .some(try await client.definition(named: name)) }
            return found
        } catch {
            throw error.stewardError
        }
    }
}
