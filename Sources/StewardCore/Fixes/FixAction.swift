import Foundation

/// One field of one definition to change, with its value as planned and the value to write.
public struct FixAction: Sendable, Hashable, Codable {
    /// The fields a fix may change. A name never: PostHog names are immutable.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case tags, owner, hidden, verified
        case enforcementMode = "enforcement_mode"
        case description
        /// The definition itself: created (from nothing to a spec) or deleted (from a spec to nothing).
        case existence
        /// A dashboard's tags (the action's id is `dashboard:<id>`, its name the dashboard's): at-risk tagging.
        case dashboardTags = "dashboard_tags"

        /// Whether `value` is of this field's kind (an `after` must also be one PostHog accepts).
        public func accepts(_ value: FixValue, side: String) -> Bool {
            switch (self, value) {
            case (.tags, .tags(let tags)), (.dashboardTags, .tags(let tags)):
                return side == "before" || tags.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            case (.owner, .owner(let id, _)): return side == "before" || id.map { $0 > 0 } ?? true
            case (.hidden, .flag), (.verified, .flag): return true
            case (.enforcementMode, .text(let mode)): return side == "before" || mode == "allow" || mode == "reject"
            case (.description, .text): return true
            case (.existence, .definition(let spec)): return spec.map { !$0.name.isEmpty } ?? true
            default: return false
            }
        }
    }

    /// The definition's id.
    public var eventID: String
    /// Its name, for people reading the plan.
    public var eventName: String
    /// The field.
    public var field: Field
    /// The value when planned; applying skips the definition if it no longer holds.
    public var before: FixValue
    /// The value to write.
    public var after: FixValue
    /// Whether it runs without `--unsafe` (tags, an owner from the policy's mapping, filling an empty description).
    public var safe: Bool
    /// The rules whose findings asked for it.
    public var rules: [String]

    /// Creates one from its parts.
    public init(eventID: String, eventName: String, field: Field, before: FixValue, after: FixValue, safe: Bool, rules: [String]) {
        self.eventID = eventID
        self.eventName = eventName
        self.field = field
        self.before = before
        self.after = after
        self.safe = safe
        self.rules = rules
    }

    /// The value of `field` in a definition as PostHog returns it.
    public static func value(of field: Field, in definition: EventDefinition) -> FixValue {
        switch field {
        case .tags, .dashboardTags: return .tags(normalized(definition.tags))
        case .owner: return .owner(id: definition.owner?.id, email: definition.owner?.email)
        case .hidden: return .flag(definition.hidden)
        case .verified: return .flag(definition.verified)
        case .enforcementMode: return .text(definition.enforcementMode?.rawValue)
        case .description: return .text(definition.description)
        case .existence: return .definition(DefinitionSpec(definition))
        }
    }

    /// The value of `field` when PostHog has no such definition.
    public static func absent(_ field: Field) -> FixValue? { field == .existence ? .definition(nil) : nil }

    /// The placeholder id of a definition a fix is to create, until PostHog gives it one.
    public static func plannedID(_ name: String) -> String { "new:" + name }

    /// The id a dashboard's actions carry: `dashboard:<id>`.
    public static func dashboardID(_ id: Int) -> String { "dashboard:\(id)" }

    /// The dashboard id of an action's `dashboard:<id>`, nil for a definition's.
    public static func dashboard(of id: String) -> Int? { id.hasPrefix("dashboard:") ? Int(id.dropFirst(10)) : nil }

    /// Whether `id` is a placeholder for a definition not yet created.
    public static func isPlannedID(_ id: String) -> Bool { id.hasPrefix("new:") }

    /// Tags as PostHog stores them: trimmed, lower-cased, blanks dropped, unique, sorted.
    public static func normalized(_ tags: [String]) -> [String] {
        Array(Set(tags.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })).sorted()
    }

    /// Whether two values mean the same thing to PostHog (an owner is its id; a null flag is false).
    public static func same(_ a: FixValue, _ b: FixValue) -> Bool {
        switch (a, b) {
        case (.owner(let x, _), .owner(let y, _)): return x == y
        case (.flag(let x), .flag(let y)): return (x ?? false) == (y ?? false)
        case (.text(let x), .text(let y)): return (x ?? "") == (y ?? "")
        case (.tags(let x), .tags(let y)): return normalized(x) == normalized(y)
        // A definition is there or not; its fields are other actions' business.
        case (.definition(let x), .definition(let y)): return (x == nil) == (y == nil)
        default: return false
        }
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", eventName = "event_name", field, before, after, safe, rules
    }
}
