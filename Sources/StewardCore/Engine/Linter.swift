/// Applies a policy to definitions: scope, rules, overrides, severities and waivers, never touching the network or disk.
public struct Linter: Sendable {
    /// The policy applied.
    public let policy: Policy
    /// The context rules see (the injected "now").
    public let context: LintContext
    private let registry: RuleRegistry
    private let base: [RuleRuntime]
    private let overrideRuntimes: [[String: RuleRuntime]]
    private let collecting: [String: any CollectingRule]

    /// One enabled rule with its configuration.
    struct RuleRuntime: Sendable {
        let id: String
        let order: Int
        let severity: Severity
        let rule: any Rule
    }

    /// The rule id for an expired waiver (always an error).
    public static let waiverExpiredRule = "waiver_expired"
    /// The rule id for a waiver about to expire (info).
    public static let waiverExpiringRule = "waiver_expiring"

    /// Builds every enabled rule of `policy`; throws for option combinations a rule rejects.
    public init(policy: Policy, registry: RuleRegistry = .builtIn, now: Timestamp) throws(PolicyError) {
        self.policy = policy
        self.registry = registry
        self.context = LintContext(now: now)
        var order: [String: Int] = [:]
        for (index, id) in registry.identifiers.enumerated() { order[id] = index }
        func runtime(_ id: String, layering extra: [RuleSetting]) throws(PolicyError) -> RuleRuntime? {
            guard let type = registry.rule(id), let configuration = policy.configuration(for: id, registry: registry, layering: extra) else { return nil }
            return RuleRuntime(id: id, order: order[id] ?? 0, severity: configuration.severity,
                               rule: try type.init(configuration: configuration))
        }
        var base: [RuleRuntime] = []
        var collecting: [String: any CollectingRule] = [:]
        for id in registry.identifiers where policy.rules[id] != nil {
            guard let built = try runtime(id, layering: []) else { continue }
            if let rule = built.rule as? any CollectingRule { collecting[id] = rule }
            if built.severity != .off { base.append(built) }
        }
        // Collecting rules enabled only by an override still need an instance (overrides cannot change their options).
        for override in policy.overrides {
            for id in override.rules.keys where collecting[id] == nil {
                if let built = try runtime(id, layering: [override.rules[id]!]), let rule = built.rule as? any CollectingRule {
                    collecting[id] = rule
                }
            }
        }
        var overrideRuntimes: [[String: RuleRuntime]] = []
        for override in policy.overrides {
            var runtimes: [String: RuleRuntime] = [:]
            for (id, setting) in override.rules where !setting.options.isEmpty {
                if let built = try runtime(id, layering: [setting]) { runtimes[id] = built }
            }
            overrideRuntimes.append(runtimes)
        }
        self.base = base
        self.collecting = collecting
        self.overrideRuntimes = overrideRuntimes
    }

    /// The rules in force for definitions matching exactly these overrides, in registry order.
    private func profile(for matching: [Int]) -> [RuleRuntime] {
        guard !matching.isEmpty else { return base }
        var byID: [String: RuleRuntime] = [:]
        for runtime in base { byID[runtime.id] = runtime }
        var order: [String: Int] = [:]
        for (index, id) in registry.identifiers.enumerated() { order[id] = index }
        var layered: [String: [RuleSetting]] = [:]
        for index in matching {
            let override = policy.overrides[index]
            for (id, setting) in override.rules {
                layered[id, default: []].append(setting)
                if let runtime = overrideRuntimes[index][id] {
                    byID[id] = runtime
                } else if let existing = byID[id] {
                    byID[id] = RuleRuntime(id: id, order: existing.order, severity: setting.severity ?? existing.severity, rule: existing.rule)
                } else if let configuration = policy.configuration(for: id, registry: registry, layering: layered[id]!),
                          let type = registry.rule(id), let rule = try? type.init(configuration: configuration) {
                    // Enabled only by an override: built from the merged settings.
                    byID[id] = RuleRuntime(id: id, order: order[id] ?? 0, severity: configuration.severity, rule: rule)
                }
            }
        }
        return byID.values.filter { $0.severity != .off }.sorted { $0.order < $1.order }
    }

    /// Lints `definitions` and returns findings in report order.
    public func lint(_ definitions: [EventDefinition]) -> LintResult {
        var profiles: [[Int]: [RuleRuntime]] = [[]: base]
        var inScope: [Int] = []
        var profileKeys: [[Int]] = []
        inScope.reserveCapacity(definitions.count)
        for index in definitions.indices where policy.scope.contains(definitions[index]) {
            inScope.append(index)
            var matching: [Int] = []
            for (overrideIndex, override) in policy.overrides.enumerated() where override.selector.matches(definitions[index]) {
                matching.append(overrideIndex)
            }
            if profiles[matching] == nil { profiles[matching] = profile(for: matching) }
            profileKeys.append(matching)
        }

        var findings: [Finding] = []
        var violations: [Violation] = []
        var collectingMembers: [String: [Int]] = [:]
        var collectingSeverity: [String: [Severity]] = [:]
        for (position, index) in inScope.enumerated() {
            let definition = definitions[index]
            for runtime in profiles[profileKeys[position]]! {
                if let rule = runtime.rule as? any DefinitionRule {
                    violations.removeAll(keepingCapacity: true)
                    rule.check(definition, in: context, into: &violations)
                    if let violation = Self.merge(violations) {
                        findings.append(Finding(ruleID: runtime.id, severity: runtime.severity, eventID: definition.id,
                                                eventName: definition.name, message: violation.message, value: violation.value,
                                                group: violation.group, fix: violation.fix))
                    }
                } else {
                    collectingMembers[runtime.id, default: []].append(index)
                    collectingSeverity[runtime.id, default: []].append(runtime.severity)
                }
            }
        }
        for id in registry.identifiers {
            guard let members = collectingMembers[id], let rule = collecting[id] else { continue }
            let subset = members.map { definitions[$0] }
            let severities = collectingSeverity[id]!
            var seen: Set<Int> = []
            for (local, violation) in rule.check(subset, in: context) where seen.insert(local).inserted {
                let definition = subset[local]
                findings.append(Finding(ruleID: id, severity: severities[local], eventID: definition.id, eventName: definition.name,
                                        message: violation.message, value: violation.value, group: violation.group, fix: violation.fix))
            }
        }
        var (kept, waived) = applyWaivers(findings, definitions: definitions)
        kept.sort(by: Finding.reportOrder)
        waived.sort(by: Finding.reportOrder)
        var withErrors: Set<String> = []
        for finding in kept where finding.severity == .error { withErrors.insert(finding.eventID) }
        let inScopeIDs = Set(inScope.map { definitions[$0].id })
        return LintResult(definitionCount: definitions.count, inScopeCount: inScope.count,
                          definitionsWithErrors: withErrors.intersection(inScopeIDs).count, findings: kept, waived: waived,
                          enabledRules: registry.identifiers.filter { id in profiles.values.contains { $0.contains { $0.id == id } } },
                          policyHash: policy.hash)
    }

    /// Rules should report one violation per definition; if one reports more, they become one finding.
    private static func merge(_ violations: [Violation]) -> Violation? {
        guard var first = violations.first else { return nil }
        if violations.count > 1 { first.message = violations.map(\.message).joined(separator: " ") }
        return first
    }

    private func applyWaivers(_ findings: [Finding], definitions: [EventDefinition]) -> (kept: [Finding], waived: [Finding]) {
        guard !policy.waivers.isEmpty else { return (findings, []) }
        var byName: [String: [Int]] = [:]
        var byID: [String: [Int]] = [:]
        for (index, waiver) in policy.waivers.enumerated() {
            if let name = waiver.eventName { byName[name, default: []].append(index) }
            if let id = waiver.eventID { byID[id, default: []].append(index) }
        }
        var kept: [Finding] = []
        var waived: [Finding] = []
        for finding in findings {
            let candidates = (byID[finding.eventID] ?? []) + (byName[finding.eventName] ?? [])
            let holding = candidates.first { policy.waivers[$0].ruleID == finding.ruleID && !policy.waivers[$0].isExpired(at: context.now) }
            if holding != nil { waived.append(finding) } else { kept.append(finding) }
        }
        // Waivers report on themselves: expired ones are errors, ones about to expire are infos.
        var idByName: [String: String] = [:]
        for definition in definitions where idByName[definition.name] == nil { idByName[definition.name] = definition.id }
        for waiver in policy.waivers {
            let eventID = waiver.eventID ?? idByName[waiver.eventName ?? ""] ?? waiver.subject
            let eventName = waiver.eventName ?? definitions.first { $0.id == waiver.eventID }?.name ?? waiver.subject
            let daysLeft = context.now.days(until: waiver.expires.adding(days: 1))
            if waiver.isExpired(at: context.now) {
                kept.append(Finding(ruleID: Self.waiverExpiredRule, severity: .error, eventID: eventID, eventName: eventName,
                                    message: "The waiver of \(waiver.ruleID) for '\(waiver.subject)' expired on \(waiver.expires.dateString) (\(waiver.location)); fix the finding or renew the waiver with a new reason.",
                                    value: waiver.expires.dateString, group: waiver.ruleID))
            } else if daysLeft <= policy.settings.waiverWarningDays {
                kept.append(Finding(ruleID: Self.waiverExpiringRule, severity: .info, eventID: eventID, eventName: eventName,
                                    message: "The waiver of \(waiver.ruleID) for '\(waiver.subject)' expires on \(waiver.expires.dateString), in \(daysLeft) day\(daysLeft == 1 ? "" : "s") (\(waiver.location)).",
                                    value: waiver.expires.dateString, group: waiver.ruleID))
            }
        }
        return (kept, waived)
    }
}
