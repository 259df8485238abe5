/// Different rule settings for the definitions a selector picks (`overrides:` in a policy).
public struct Override: Sendable {
    /// Which definitions it applies to.
    public var selector: DefinitionSelector
    /// Partial rule settings layered over the policy's own.
    public var rules: [String: RuleSetting]
    /// Where the override starts.
    public var location: SourceLocation
}

/// A rule's settings as one policy layer writes them: every part optional, merged over earlier layers.
public struct RuleSetting: Sendable {
    /// The severity, when this layer sets it.
    public var severity: Severity?
    /// Options this layer sets.
    public var options: [String: OptionValue]
    /// Where this layer names the rule.
    public var location: SourceLocation

    /// This setting with `later` layered on top.
    public func merged(with later: RuleSetting) -> RuleSetting {
        RuleSetting(
            severity: later.severity ?? severity, options: options.merging(later.options) { $1 },
            location: later.location)
    }
}
