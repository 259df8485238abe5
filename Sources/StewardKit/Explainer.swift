import StewardCore
import StewardReports

/// `steward explain NAME`: which scope, rules, overrides and waivers apply to one event, and each rule's verdict.
public struct Explainer: Sendable {
    /// Creates an explainer.
    public init() {}

    /// Explains `name` (looked up in `definitions`, or a bare candidate when absent).
    public func explain(name: String, policy: Policy, definitions: [EventDefinition], now: Timestamp) throws(StewardError) -> String {
        let found = definitions.first { $0.name == name }
        let definition = found ?? EventDefinition(name: name)
        let safe = TerminalText.sanitize(name)
        var lines: [String] = []
        lines.append(
            found == nil
                ? "'\(safe)' (not in the definitions read; judged as a bare name)"
                : "'\(safe)' (id \(TerminalText.sanitize(definition.id)))")
        lines.append("policy: \(policy.sources.joined(separator: " → "))")
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
                PostHogEvents.contains(name) && policy.scope.events == .custom
                ? "it is one of PostHog's own events and the scope covers custom events"
                : "the policy's scope leaves it out (scope.events, include/exclude names or tags, exclude_hidden)"
            lines.append("out of scope: \(reason); no rule applies.")
            return lines.joined(separator: "\n") + "\n"
        }
        if matching.isEmpty {
            lines.append("overrides: none match")
        } else {
            for (index, override) in matching {
                let rules = override.rules.keys.sorted().joined(separator: ", ")
                lines.append("override \(index + 1) at \(override.location) matches \(override.selector): changes \(rules)")
            }
        }
        let linter = try Linter.checked(policy: policy, now: now)
        let pool = found == nil ? definitions + [definition] : definitions
        let result = try linter.lint(pool)
        let mine = result.findings.filter { $0.eventID == definition.id }
        let waived = result.waived.filter { $0.eventID == definition.id }
        lines.append("rules:")
        for id in RuleRegistry.builtIn.identifiers {
            guard let configuration = policy.configuration(for: id, overrides: matching.map(\.offset)) else { continue }
            let where_ = configuration.location.map { " (\($0))" } ?? ""
            if configuration.severity == .off {
                lines.append("  \(id): off\(where_)")
                continue
            }
            if let finding = mine.first(where: { $0.ruleID == id }) {
                lines.append("  \(id): \(configuration.severity)\(where_) → \(TerminalText.sanitize(finding.message))")
            } else if waived.contains(where: { $0.ruleID == id }) {
                lines.append("  \(id): \(configuration.severity)\(where_) → waived")
            } else {
                lines.append("  \(id): \(configuration.severity)\(where_) → ok")
            }
        }
        let waivers = policy.waivers.filter { $0.covers(definition) }
        for waiver in waivers {
            let state = waiver.isExpired(at: now) ? "EXPIRED" : "holds"
            lines.append(
                "waiver at \(waiver.location): \(waiver.ruleID) until \(waiver.expires.dateString) (\(state)): \(TerminalText.sanitize(waiver.reason))"
            )
        }
        for finding in mine where finding.ruleID == Linter.waiverExpiredRule || finding.ruleID == Linter.waiverExpiringRule {
            lines.append("\(finding.ruleID): \(finding.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
