/// One rule's verdict on one definition, keyed by (definition id, rule id).
///
/// Held compactly, as a large audit holds millions (72 bytes each, against 136 when every field was
/// inline): the definition's id and name are one reference to the definition's own storage
/// (``DefinitionIdentity``), and the group, fix and source location, which most findings lack or share
/// with others, one optional reference (``FindingExtras``: a fix without a payload shares one of a few
/// constant ones, and the linter gives findings with the same group and fix one between them).
public struct Finding: Sendable, Hashable, Codable {
    /// The definition's id and name (see ``DefinitionIdentity``); replaced, never changed in place.
    private var subject: DefinitionIdentity
    /// The rule's snake_case id.
    public var ruleID: String
    /// The message, or its template when `messageIsTemplate`.
    private var storedMessage: String
    /// The offending value (a name, an owner, a date…), when there is one.
    public var value: String?
    /// The group, fix and location, when any is set.
    private var extras: FindingExtras?
    /// The effective severity after overrides.
    public var severity: Severity
    /// Whether `storedMessage` is a template (see `messageTemplate`).
    private var messageIsTemplate: Bool

    /// The definition's id (its UUID in PostHog).
    public var eventID: String {
        get { subject.id }
        set { subject = DefinitionIdentity(id: newValue, name: subject.name) }
    }

    /// The event name.
    public var eventName: String {
        get { subject.name }
        set {
            let oldValue = subject.name
            subject = DefinitionIdentity(id: subject.id, name: newValue)
            guard messageIsTemplate, newValue != oldValue else { return }
            message = MessageTemplate.expand(storedMessage, naming: oldValue)
        }
    }

    /// A key shared by related findings: a dynamic-name template or a near-duplicate group.
    public var group: String? {
        get { extras?.group }
        set { extras = FindingExtras.make(group: newValue, fix: extras?.fix, location: extras?.location) }
    }

    /// A change that would resolve it, when the rule knows one.
    public var fix: SuggestedFix? {
        get { extras?.fix }
        set { extras = FindingExtras.make(group: extras?.group, fix: newValue, location: extras?.location) }
    }

    /// Where in source code the finding is (a `steward scan` finding: the call's file, line and column).
    public var location: SourceLocation? {
        get { extras?.location }
        set { extras = FindingExtras.make(group: extras?.group, fix: extras?.fix, location: newValue) }
    }

    /// Creates a finding.
    public init(
        ruleID: String, severity: Severity, eventID: String, eventName: String, message: String,
        value: String? = nil, group: String? = nil, fix: SuggestedFix? = nil
    ) {
        self.subject = DefinitionIdentity(id: eventID, name: eventName)
        self.ruleID = ruleID
        self.severity = severity
        (storedMessage, messageIsTemplate) = MessageTemplate.make(message, naming: eventName)
        self.value = value
        self.extras = FindingExtras.make(group: group, fix: fix, location: nil)
    }

    /// The finding a rule's violation of `definition` makes, holding the definition's identity: its message
    /// template taken as the rule built it when it did so for this name, else made from the message.
    init(ruleID: String, severity: Severity, definition: EventDefinition, violation: Violation) {
        self.subject = definition.identity
        self.ruleID = ruleID
        self.severity = severity
        let eventName = definition.name
        if let template = violation.template(naming: eventName) {
            (storedMessage, messageIsTemplate) = (template, true)
        } else {
            (storedMessage, messageIsTemplate) = MessageTemplate.make(violation.message, naming: eventName)
        }
        self.value = violation.value
        self.extras = FindingExtras.make(group: violation.group, fix: violation.fix, location: nil)
    }

    /// Moves the finding out of `slot`, leaving one that holds no references but a shared empty identity in
    /// its place: copying it out would retain every field, and freeing the slot's array release them all again.
    static func take(_ slot: inout Finding) -> Finding {
        var taken = Finding(blank: ())
        swap(&taken, &slot)
        return taken
    }

    private static let blankSubject = DefinitionIdentity(id: "", name: "")

    private init(blank: Void) {
        (subject, ruleID, storedMessage, value, extras) = (Self.blankSubject, "", "", nil, nil)
        (severity, messageIsTemplate) = (.info, false)
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

    /// Shares the stored message template, and the group with its fix, with equal ones seen before.
    mutating func intern(messages: inout MessageInterner, groups: inout GroupInterner) {
        if messageIsTemplate { storedMessage = messages.intern(storedMessage, rule: ruleID) }
        if let extras, extras.group != nil { self.extras = groups.intern(extras) }
    }

    /// Two findings are equal when every field is (the identity by its id and name, not by reference).
    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.ruleID == rhs.ruleID && lhs.severity == rhs.severity && lhs.eventID == rhs.eventID && lhs.eventName == rhs.eventName
            && lhs.messageIsTemplate == rhs.messageIsTemplate && lhs.storedMessage == rhs.storedMessage && lhs.value == rhs.value
            && lhs.group == rhs.group && lhs.fix == rhs.fix && lhs.location == rhs.location
    }

    /// Hashes every field, so equal findings hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(ruleID)
        hasher.combine(severity)
        hasher.combine(eventID)
        hasher.combine(eventName)
        hasher.combine(messageIsTemplate)
        hasher.combine(storedMessage)
        hasher.combine(value)
        hasher.combine(group)
        hasher.combine(fix)
        hasher.combine(location)
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

/// A finding's group, fix and source location, held by reference (see ``Finding``): most findings have
/// none, most fixes carry no payload (those share a constant instance), and findings with the same group
/// and fix share one through ``GroupInterner``. Never changed once made.
final class FindingExtras: Sendable {
    let group: String?
    let fix: SuggestedFix?
    let location: SourceLocation?

    private init(group: String?, fix: SuggestedFix?, location: SourceLocation?) {
        self.group = group
        self.fix = fix
        self.location = location
    }

    private static let hide = FindingExtras(group: nil, fix: .hide, location: nil)
    private static let unhide = FindingExtras(group: nil, fix: .unhide, location: nil)
    private static let verify = FindingExtras(group: nil, fix: .verify, location: nil)

    /// Nil when all are nil; a shared instance for a fix without a payload and nothing else.
    static func make(group: String?, fix: SuggestedFix?, location: SourceLocation?) -> FindingExtras? {
        guard group != nil || fix != nil || location != nil else { return nil }
        if group == nil, location == nil {
            switch fix {
            case .hide: return hide
            case .unhide: return unhide
            case .verify: return verify
            default: break
            }
        }
        return FindingExtras(group: group, fix: fix, location: location)
    }
}

/// Gives findings that share a group and fix (a naming style, a dynamic-name template, a near-duplicate
/// group) one ``FindingExtras`` between them: at a million dynamic names, one per finding would cost
/// more than the group string held inline did.
struct GroupInterner {
    private struct Key: Hashable {
        var group: UTF8Key
        var fix: SuggestedFix?
    }
    private var shared: [Key: FindingExtras] = [:]
    /// The last one handed out: findings in name order come in runs of one group, and comparing with the
    /// last costs less than hashing.
    private var last: (key: Key, extras: FindingExtras)?

    /// An instance equal to `extras` seen before, else `extras` (a located one is kept as it is).
    mutating func intern(_ extras: FindingExtras) -> FindingExtras {
        guard let group = extras.group, extras.location == nil else { return extras }
        let key = Key(group: UTF8Key(group), fix: extras.fix)
        if let last, last.key == key { return last.extras }
        let kept = shared[key] ?? extras
        if kept === extras { shared[key] = extras }
        last = (key, kept)
        return kept
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

    /// The order lists and files put them in.
    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.eventID, lhs.ruleID) < (rhs.eventID, rhs.ruleID)
    }

    enum CodingKeys: String, CodingKey { case eventID = "event_id", ruleID = "rule" }
}
