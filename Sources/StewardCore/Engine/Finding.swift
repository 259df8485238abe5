/// One rule's verdict on one definition, keyed by (definition id, rule id).
public struct Finding: Sendable, Hashable, Codable {
    /// The rule's snake_case id.
    public var ruleID: String
    /// The effective severity after overrides.
    public var severity: Severity
    /// The definition's id (its UUID in PostHog).
    public var eventID: String
    /// The event name.
    public var eventName: String
    /// What is wrong, in one sentence.
    public var message: String
    /// The offending value (a name, an owner, a date…), when there is one.
    public var value: String?
    /// A key shared by related findings: a dynamic-name template or a near-duplicate group.
    public var group: String?
    /// A change that would resolve it, when the rule knows one.
    public var fix: SuggestedFix?

    /// Creates a finding.
    public init(
        ruleID: String, severity: Severity, eventID: String, eventName: String, message: String,
        value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.eventID = eventID
        self.eventName = eventName
        self.message = message
        self.value = value
        self.group = group
        self.fix = fix
    }

    /// The identity baselines, waivers, history and fingerprints use.
    public var key: FindingKey { FindingKey(eventID: eventID, ruleID: ruleID) }

    enum CodingKeys: String, CodingKey {
        case ruleID = "rule", severity, eventID = "event_id", eventName = "event_name", message, value, group, fix
    }

    /// Deterministic report order: event name, then rule, then id.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.eventName != rhs.eventName { return lhs.eventName < rhs.eventName }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.eventID < rhs.eventID
    }
}

/// The stable identity of a finding across runs.
public struct FindingKey: Sendable, Hashable, Codable, Comparable {
    /// The definition id.
    public var eventID: String
    /// The rule id.
    public var ruleID: String

    /// Creates a key.
    public init(eventID: String, ruleID: String) {
        self.eventID = eventID
        self.ruleID = ruleID
    }

    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.eventID, lhs.ruleID) < (rhs.eventID, rhs.ruleID)
    }

    enum CodingKeys: String, CodingKey { case eventID = "event_id", ruleID = "rule" }
}
