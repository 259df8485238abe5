/// An accepted finding: one rule on one event, with a reason and a date after which it no longer holds.
public struct Waiver: Sendable {
    /// The event name it covers (or nil when it names an id).
    public var eventName: String?
    /// The definition id it covers (or nil when it names an event).
    public var eventID: String?
    /// The rule it silences.
    public var ruleID: String
    /// Why the finding is accepted.
    public var reason: String
    /// The last day (UTC) it holds.
    public var expires: Timestamp
    /// Where it is written.
    public var location: SourceLocation

    /// Whether the waiver names this definition.
    public func covers(_ definition: EventDefinition) -> Bool {
        if let eventID { return eventID == definition.id }
        return eventName == definition.name
    }

    /// Whether the waiver has lapsed at `now` (it holds through the whole of its expiry day).
    public func isExpired(at now: Timestamp) -> Bool { now >= expires.adding(days: 1) }

    /// The event the waiver names, as text.
    public var subject: String { eventName ?? eventID ?? "?" }
}
