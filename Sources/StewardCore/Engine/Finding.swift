/// One rule's verdict on one definition, keyed by (definition id, rule id).
public struct Finding: Sendable, Hashable, Codable {
    /// The rule's snake_case id.
    public var ruleID: String
    /// The effective severity after overrides.
    public var severity: Severity
    /// Whether `storedMessage` is a template (see `messageTemplate`).
    private var messageIsTemplate: Bool
    /// The definition's id (its UUID in PostHog).
    public var eventID: String
    /// The event name.
    public var eventName: String {
        didSet {
            guard messageIsTemplate, eventName != oldValue else { return }
            message = MessageTemplate.expand(storedMessage, naming: oldValue)
        }
    }
    /// The message, or its template when `messageIsTemplate`.
    private var storedMessage: String
    /// The offending value (a name, an owner, a date…), when there is one.
    public var value: String?
    /// A key shared by related findings: a dynamic-name template or a near-duplicate group.
    public var group: String?
    /// A change that would resolve it, when the rule knows one.
    public var fix: SuggestedFix?
    /// Boxed so the findings of a definition audit, which never have one, stay one word smaller.
    private var locationBox: LocationBox?

    /// Where in source code the finding is (a `steward scan` finding: the call's file, line and column).
    public var location: SourceLocation? {
        get { locationBox?.value }
        set { locationBox = newValue.map(LocationBox.init) }
    }

    /// Creates a finding.
    public init(
        ruleID: String, severity: Severity, eventID: String, eventName: String, message: String,
        value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.eventID = eventID
        self.eventName = eventName
        (storedMessage, messageIsTemplate) = MessageTemplate.make(message, naming: eventName)
        self.value = value
        self.group = group
        self.fix = fix
    }

    /// The finding a rule's violation makes: its message template taken as the rule built it when it did so
    /// for this name, else made from the message.
    init(ruleID: String, severity: Severity, eventID: String, eventName: String, violation: Violation) {
        self.ruleID = ruleID
        self.severity = severity
        self.eventID = eventID
        self.eventName = eventName
        if let template = violation.template(naming: eventName) {
            (storedMessage, messageIsTemplate) = (template, true)
        } else {
            (storedMessage, messageIsTemplate) = MessageTemplate.make(violation.message, naming: eventName)
        }
        self.value = violation.value
        self.group = violation.group
        self.fix = violation.fix
    }

    /// Moves the finding out of `slot`, leaving one that holds no references (every text empty, nothing
    /// optional set) in its place: copying it out would retain every field, and freeing the slot's array
    /// release them all again.
    static func take(_ slot: inout Finding) -> Finding {
        var taken = Finding(blank: ())
        swap(&taken, &slot)
        return taken
    }

    private init(blank: Void) {
        (ruleID, severity, messageIsTemplate, eventID, eventName, storedMessage) = ("", .info, false, "", "", "")
        (value, group, fix, locationBox) = (nil, nil, nil, nil)
    }

    /// What is wrong, in one sentence.
    ///
    /// Stored as a template with the event name taken out when it can be, so the findings of a million
    /// definitions that differ only in their names share one string per rule (`MessageInterner`).
    public var message: String {
        get { messageIsTemplate ? MessageTemplate.expand(storedMessage, naming: eventName) : storedMessage }
        set { (storedMessage, messageIsTemplate) = MessageTemplate.make(newValue, naming: eventName) }
    }

    /// The message with every mention of the event name replaced by `MessageTemplate.placeholder`, or nil
    /// when the message does not mention the name or already holds the placeholder itself.
    public var messageTemplate: String? { messageIsTemplate ? storedMessage : nil }

    /// Shares the stored message template and the group with equal ones seen before.
    mutating func intern(messages: inout MessageInterner, groups: inout MessageInterner) {
        if messageIsTemplate { storedMessage = messages.intern(storedMessage, rule: ruleID) }
        if let group { self.group = groups.intern(group, rule: ruleID) }
    }

    /// The identity baselines, waivers, history and fingerprints use.
    public var key: FindingKey { FindingKey(eventID: eventID, ruleID: ruleID) }

    enum CodingKeys: String, CodingKey {
        case ruleID = "rule", severity, eventID = "event_id", eventName = "event_name", message, value, group, fix, location
    }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            ruleID: try container.decode(String.self, forKey: .ruleID), severity: try container.decode(Severity.self, forKey: .severity),
            eventID: try container.decode(String.self, forKey: .eventID),
            eventName: try container.decode(String.self, forKey: .eventName), message: try container.decode(String.self, forKey: .message),
            value: try container.decodeIfPresent(String.self, forKey: .value),
            group: try container.decodeIfPresent(String.self, forKey: .group),
            fix: try container.decodeIfPresent(SuggestedFix.self, forKey: .fix))
        location = try container.decodeIfPresent(SourceLocation.self, forKey: .location)
    }

    /// Encodes it as Steward writes it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ruleID, forKey: .ruleID)
        try container.encode(severity, forKey: .severity)
        try container.encode(eventID, forKey: .eventID)
        try container.encode(eventName, forKey: .eventName)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeIfPresent(group, forKey: .group)
        try container.encodeIfPresent(fix, forKey: .fix)
        try container.encodeIfPresent(location, forKey: .location)
    }

    /// Deterministic report order: event name, then rule, then id.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.eventName != rhs.eventName { return lhs.eventName < rhs.eventName }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.eventID < rhs.eventID
    }
}

/// A source location held by reference (see `Finding.location`).
private final class LocationBox: Sendable, Hashable {
    let value: SourceLocation
    init(_ value: SourceLocation) { self.value = value }
    static func == (lhs: LocationBox, rhs: LocationBox) -> Bool { lhs.value == rhs.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
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

    /// The order lists and files put them in.
    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.eventID, lhs.ruleID) < (rhs.eventID, rhs.ruleID)
    }

    enum CodingKeys: String, CodingKey { case eventID = "event_id", ruleID = "rule" }
}
