/// A whole definition as a fix creates or deletes it: its name and the metadata it carries, and, once
/// PostHog has given it one, its id. Journaled in full, so an undo can delete what was created or create
/// again what was deleted.
public struct DefinitionSpec: Sendable, Hashable, Codable {
    /// The id PostHog gave it, once known.
    public var id: String?
    /// The event name.
    public var name: String
    /// The description, when set.
    public var description: String?
    /// The owner's user id, when set.
    public var ownerID: Int?
    /// The owner's email, for people reading the plan.
    public var ownerEmail: String?
    /// Tags.
    public var tags: [String]
    /// Whether it is verified.
    public var verified: Bool?
    /// Whether it is hidden.
    public var hidden: Bool?
    /// Schema enforcement mode.
    public var enforcementMode: String?
    /// When PostHog last saw the event (for a deleted definition: whether it ever had any).
    public var lastSeenAt: Timestamp?

    /// Creates a spec.
    public init(
        id: String? = nil, name: String, description: String? = nil, ownerID: Int? = nil, ownerEmail: String? = nil, tags: [String] = [],
        verified: Bool? = nil, hidden: Bool? = nil, enforcementMode: String? = nil, lastSeenAt: Timestamp? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.ownerID = ownerID
        self.ownerEmail = ownerEmail
        self.tags = tags
        self.verified = verified
        self.hidden = hidden
        self.enforcementMode = enforcementMode
        self.lastSeenAt = lastSeenAt
    }

    /// A definition as PostHog holds it.
    public init(_ definition: EventDefinition) {
        self.init(
            id: definition.id, name: definition.name, description: definition.description, ownerID: definition.owner?.id,
            ownerEmail: definition.owner?.email, tags: FixAction.normalized(definition.tags), verified: definition.verified,
            hidden: definition.hidden, enforcementMode: definition.enforcementMode?.rawValue, lastSeenAt: definition.lastSeenAt)
    }

    /// The JSON body of `POST …/event_definitions/`: the name and every field set (posthog-api-2.md §2.1).
    public var createBody: [String: any Sendable] {
        var body: [String: any Sendable] = ["name": name, "tags": tags]
        if let description { body["description"] = description }
        if let ownerID { body["owner"] = ownerID }
        if let verified { body["verified"] = verified }
        if let hidden, hidden { body["hidden"] = true }
        if let enforcementMode { body["enforcement_mode"] = enforcementMode }
        return body
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, tags, verified, hidden
        case ownerID = "owner_id", ownerEmail = "owner_email", enforcementMode = "enforcement_mode", lastSeenAt = "last_seen_at"
    }
}
