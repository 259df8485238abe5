import StewardCore
import StewardReports

/// `steward explain NAME`: which scope, rules, overrides and waivers apply to one event, and each rule's verdict.
public struct Explainer: Sendable {
    /// Creates an explainer.
    public init() {}

    /// Explains `name` (looked up in `definitions`, or a bare candidate when absent), with what charts it when
    /// `usage` is known.
    public func explain(
        name: String, policy: Policy, definitions: [EventDefinition], now: Timestamp, usage: UsageIndex? = nil
    ) throws(StewardError) -> Explanation {
        let found = definitions.first { $0.name == name }
        let definition = found ?? EventDefinition(name: name)
        var explanation = Explanation(name: name, id: found?.id, policySources: policy.sources, outOfScope: nil)
        explanation.usage = usage.map { UsageView(names: [name], index: $0).entries[0] }
        let inScope: Bool
        var matching: [(offset: Int, element: Override)] = []
        do throws(PatternLimitHit) {
            inScope = try policy.scope.contains(definition)
            for (index, override) in policy.overrides.enumerated() where inScope {
                if try override.selector.matches(definition, at: "overrides[\(index)].when (\(override.location))") {
                    matching.append((index, override))
                }
            }
        } catch {
            throw error.stewardError
        }
        guard inScope else {
            let reason =
                if let origin = PostHogEvents.origin(of: name), policy.scope.events == .custom {
                    "PostHog's own event (\(origin)), and the scope covers custom events"
                } else {
                    "the policy's scope leaves it out (scope.events, include/exclude names or tags, exclude_hidden)"
                }
            explanation.outOfScope = reason
            return explanation
        }
        explanation.overrides = matching.map { index, override in
            Explanation.MatchingOverride(
                number: index + 1, location: "\(override.location)", selector: "\(override.selector)", rules: override.rules.keys.sorted())
        }
        let linter = try Linter.checked(policy: policy, now: now, usage: usage)
        let pool = found == nil ? definitions + [definition] : definitions
        let result = try linter.lint(pool)
        let mine = result.findings.filter { $0.eventID == definition.id }
        let waived = result.waived.filter { $0.eventID == definition.id }
        for id in RuleRegistry.builtIn.identifiers {
            guard let configuration = policy.configuration(for: id, overrides: matching.map(\.offset)) else { continue }
            let location = configuration.location.map { "\($0)" }
            let severity = configuration.severity.rawValue
            if configuration.severity == .off {
                explanation.rules.append(.init(rule: id, severity: severity, location: location, verdict: "off", message: nil))
            } else if let finding = mine.first(where: { $0.ruleID == id }) {
                explanation.rules.append(
                    .init(rule: id, severity: severity, location: location, verdict: "finding", message: finding.message))
            } else {
                let verdict = waived.contains(where: { $0.ruleID == id }) ? "waived" : "ok"
                explanation.rules.append(.init(rule: id, severity: severity, location: location, verdict: verdict, message: nil))
            }
        }
        explanation.waivers = policy.waivers.filter { $0.covers(definition) }.map { waiver in
            Explanation.CoveringWaiver(
                location: "\(waiver.location)", rule: waiver.ruleID, expires: waiver.expires.dateString, expired: waiver.isExpired(at: now),
                reason: waiver.reason)
        }
        explanation.waiverFindings =
            mine.filter { $0.ruleID == Linter.waiverExpiredRule || $0.ruleID == Linter.waiverExpiringRule }.map {
                "\($0.ruleID): \($0.message)"
            }
        return explanation
    }
}
