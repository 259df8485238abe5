/// A rule `steward scan` applies to the calls it finds in source code rather than to definitions: the
/// audit's linter skips it, and a policy sets its severity under `rules:` like any other.
public protocol CodeRule: Rule {
    /// The rule (code rules take no options).
    init()
}

extension CodeRule {
    /// Code rules take no options.
    public init(configuration: RuleConfiguration) throws(PolicyError) { self.init() }
}
