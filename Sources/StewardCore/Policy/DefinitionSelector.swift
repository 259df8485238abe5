import PCRE2

/// Picks definitions by exact name, name regex, tags and event origin; every condition given must hold.
public struct DefinitionSelector: Sendable, CustomStringConvertible {
    /// Which events a selector or scope covers by origin.
    public enum Origin: String, Sendable, CaseIterable {
        /// The project's own events (not sent by PostHog's SDKs).
        case custom
        /// Events PostHog's SDKs and products send (`$pageview`, `Application Opened`, …).
        case posthog
        /// Both.
        case all

        /// Whether an event of this name has this origin.
        public func admits(_ name: String) -> Bool {
            switch self {
            case .all: return true
            case .custom: return !PostHogEvents.contains(name)
            case .posthog: return PostHogEvents.contains(name)
            }
        }
    }

    /// Exact names; any may match.
    public var names: Set<String> = []
    /// Name patterns; any may match.
    public var nameMatches: [PCRE2Pattern] = []
    /// Tags; the definition must carry any of them.
    public var tags: Set<String> = []
    /// Origin; `all` places no condition.
    public var origin: Origin = .all

    /// A selector that picks everything.
    public init() {}

    /// Whether `definition` satisfies every condition given; a pattern that stops at PCRE2's limit decides
    /// nothing, so it throws instead of counting as "no match" (which would silently let a name through).
    public func matches(_ definition: EventDefinition, at place: String) throws(PatternLimitHit) -> Bool {
        if !names.isEmpty, !names.contains(definition.name) { return false }
        if !nameMatches.isEmpty, try !PatternLimitHit.any(nameMatches, match: definition.name, at: place) {
            return false
        }
        if !tags.isEmpty, !definition.tags.contains(where: { tags.contains($0.lowercased()) }) { return false }
        return origin.admits(definition.name)
    }

    /// Whether the selector places no condition at all.
    public var isEmpty: Bool { names.isEmpty && nameMatches.isEmpty && tags.isEmpty && origin == .all }

    /// How it reads in messages and output.
    public var description: String {
        var parts: [String] = []
        if !names.isEmpty { parts.append("names: [\(names.sorted().joined(separator: ", "))]") }
        if !nameMatches.isEmpty { parts.append("name_matches: [\(nameMatches.map { "'\($0.pattern)'" }.joined(separator: ", "))]") }
        if !tags.isEmpty { parts.append("tags: [\(tags.sorted().joined(separator: ", "))]") }
        if origin != .all { parts.append("events: \(origin.rawValue)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
