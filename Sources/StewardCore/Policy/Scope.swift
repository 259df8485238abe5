import PCRE2

/// Which definitions a policy governs at all; out-of-scope definitions produce no findings.
public struct Scope: Sendable {
    /// By origin: the project's own events (default), PostHog's, or all.
    public var events: DefinitionSelector.Origin = .custom
    /// When non-empty, only names matching one of these are in scope.
    public var includeNames: [PCRE2Pattern] = []
    /// Names matching any of these are out of scope.
    public var excludeNames: [PCRE2Pattern] = []
    /// When non-empty, only definitions with one of these tags are in scope.
    public var includeTags: Set<String> = []
    /// Definitions with any of these tags are out of scope.
    public var excludeTags: Set<String> = []
    /// Whether hidden definitions are left out.
    public var excludeHidden: Bool = false

    /// The default scope: every custom event, hidden or not.
    public init() {}

    /// Whether the policy governs `definition`; throws when a name pattern stops at PCRE2's limit.
    public func contains(_ definition: EventDefinition) throws(PatternLimitHit) -> Bool {
        guard events.admits(definition.name) else { return false }
        if excludeHidden, definition.isHidden { return false }
        if !includeNames.isEmpty, try !PatternLimitHit.any(includeNames, match: definition.name, at: "scope.include_names") {
            return false
        }
        if try PatternLimitHit.any(excludeNames, match: definition.name, at: "scope.exclude_names") { return false }
        if !includeTags.isEmpty, !definition.tags.contains(where: { includeTags.contains($0.lowercased()) }) { return false }
        if !excludeTags.isEmpty, definition.tags.contains(where: { excludeTags.contains($0.lowercased()) }) { return false }
        return true
    }
}
