/// A resolved policy: every file and preset it extends merged, validated against the rule registry.
public struct Policy: Sendable {
    /// The files and presets merged, in order (parents first).
    public var sources: [String]
    /// A fingerprint of all merged text, recorded with each audit.
    public var hash: String
    /// Which definitions are governed.
    public var scope: Scope
    /// Rule settings by rule id, after merging.
    public var rules: [String: RuleSetting]
    /// Overrides, in the order they apply (later wins).
    public var overrides: [Override]
    /// Waivers from every file.
    public var waivers: [Waiver]
    /// Engine settings.
    public var settings: Settings

    /// Engine settings (`settings:` in a policy).
    public struct Settings: Sendable {
        /// Waivers expiring within this many days produce an info finding.
        public var waiverWarningDays: Int = 14
    }

    /// The configuration each enabled rule runs with, resolved against the registry's defaults.
    /// The settings of `ruleID` for a definition the overrides at `matching` pick: the policy's own, then
    /// each override's in order. The linter and `steward explain` both read this, so they cannot disagree.
    public func configuration(for ruleID: String, registry: RuleRegistry = .builtIn, overrides matching: [Int]) -> RuleConfiguration? {
        configuration(for: ruleID, registry: registry, layering: matching.compactMap { overrides[$0].rules[ruleID] })
    }

    /// The settings of `ruleID`: the policy's own with `extra` layered on top, options defaulted from the rule's specs.
    public func configuration(
        for ruleID: String, registry: RuleRegistry = .builtIn,
        layering extra: [RuleSetting] = []
    ) -> RuleConfiguration? {
        guard let type = registry.rule(ruleID) else { return nil }
        var layers: [RuleSetting] = []
        if let base = rules[ruleID] { layers.append(base) }
        layers.append(contentsOf: extra)
        guard let first = layers.first else { return nil }
        let setting = layers.dropFirst().reduce(first) { $0.merged(with: $1) }
        var options: [String: OptionValue] = [:]
        for spec in type.description.options {
            if let value = spec.defaultValue { options[spec.name] = value }
        }
        options.merge(setting.options) { $1 }
        return RuleConfiguration(
            ruleID: ruleID, severity: setting.severity ?? type.description.defaultSeverity,
            options: options, location: setting.location)
    }
}
