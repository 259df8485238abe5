import StewardCore
import StewardReports

/// `steward check NAME…`: judges candidate names with the name rules, optionally against a project's existing names.
public struct CheckPipeline: Sendable {
    /// Creates a pipeline.
    public init() {}

    /// The verdict on each candidate.
    public struct Outcome: Sendable {
        /// Findings on the candidates, in report order.
        public var findings: [Finding]
        /// Candidates the policy's scope leaves out (PostHog's own events, excluded names).
        public var outOfScope: [String]
        /// The name rules that ran.
        public var rules: [String]
        /// 0, or 1 when a finding reaches the threshold.
        public var exitCode: Int32
    }

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
        return Outcome(
            findings: findings, outOfScope: outOfScope, rules: result.enabledRules,
            exitCode: findings.contains { failOn != .off && $0.severity >= failOn } ? 1 : 0)
    }

    /// A terminal rendering of the outcome.
    public func render(_ outcome: Outcome, names: [String], color: Bool) -> String {
        var lines: [String] = []
        // Looked up by name, once: a list search per name made 20,000 names take minutes.
        let outOfScope = Set(outcome.outOfScope)
        let findingsByName = Dictionary(grouping: outcome.findings, by: \.eventName)
        for name in names {
            let safe = TerminalText.sanitize(name)
            if outOfScope.contains(name) {
                lines.append("\(safe): not checked (outside the policy's scope, e.g. one of PostHog's own events)")
                continue
            }
            let mine = findingsByName[name] ?? []
            if mine.isEmpty {
                lines.append("\(safe): ok")
            }
            for finding in mine {
                lines.append("\(safe): \(finding.severity) [\(finding.ruleID)] \(TerminalText.sanitize(finding.message))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
