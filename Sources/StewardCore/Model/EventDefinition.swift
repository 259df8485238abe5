/// One PostHog event definition, read leniently from either the enterprise or the open-source shape.
///
/// Every field but `name` is optional in the wire format; `id` falls back to the name when absent
/// (for candidate names that are not in PostHog yet).
public struct EventDefinition: Sendable, Hashable {
    /// The definition's UUID.
    public var id: String
    /// The event name; immutable in PostHog once created.
    public var name: String
    /// The owner, nested as PostHog reads it.
    public var owner: User? {
        get { ownerStorage?.user }
        set { ownerStorage = newValue.map(SharedUser.init) }
    }
    /// Free-text description; null when the definition was never promoted to the enterprise table.
    public var description: String?
    /// Tags, as PostHog stores them (lower-cased).
    public var tags: [String]
    /// When the definition was created; null for API-created ones until the first event.
    public var createdAt: Timestamp?
    /// When the definition was last saved.
    public var updatedAt: Timestamp?
    /// Who last saved it.
    public var updatedBy: User? {
        get { updatedByStorage?.user }
        set { updatedByStorage = newValue.map(SharedUser.init) }
    }
    /// When an event of this name was last ingested.
    public var lastSeenAt: Timestamp?
    /// Whether the definition is verified; null in rows without an enterprise row.
    public var verified: Bool?
    /// When it was verified.
    public var verifiedAt: Timestamp?
    /// Who verified it.
    public var verifiedBy: User? {
        get { verifiedByStorage?.user }
        set { verifiedByStorage = newValue.map(SharedUser.init) }
    }

    // Users are stored by reference: a handful of people own a million definitions, and three inline users
    // would make every definition several hundred bytes larger. Decoders share one reference per person.
    var ownerStorage: SharedUser?
    var updatedByStorage: SharedUser?
    var verifiedByStorage: SharedUser?
    /// Whether it is hidden from pickers.
    public var hidden: Bool?
    /// Schema enforcement mode.
    public var enforcementMode: EnforcementMode?
    /// The property shown beside the event in PostHog.
    public var primaryProperty: String?
    /// Always false for definitions.
    public var isAction: Bool?
    /// Accepted and discarded by PostHog; always false.
    public var postToSlack: Bool?
    /// Columns PostHog shows by default for this event.
    public var defaultColumns: [String]?
    /// Media preview URLs, newest first.
    public var mediaPreviewURLs: [String]?

    /// Creates a definition; only the name is required.
    public init(
        id: String? = nil, name: String, owner: User? = nil, description: String? = nil, tags: [String] = [],
        createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil, updatedBy: User? = nil,
        lastSeenAt: Timestamp? = nil, verified: Bool? = nil, verifiedAt: Timestamp? = nil,
        verifiedBy: User? = nil, hidden: Bool? = nil, enforcementMode: EnforcementMode? = nil,
        primaryProperty: String? = nil, isAction: Bool? = nil, postToSlack: Bool? = nil,
        defaultColumns: [String]? = nil, mediaPreviewURLs: [String]? = nil
    ) {
        self.id = id ?? name
        self.name = name
        self.ownerStorage = owner.map(SharedUser.init)
        self.description = description
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedByStorage = updatedBy.map(SharedUser.init)
        self.lastSeenAt = lastSeenAt
        self.verified = verified
        self.verifiedAt = verifiedAt
        self.verifiedByStorage = verifiedBy.map(SharedUser.init)
        self.hidden = hidden
        self.enforcementMode = enforcementMode
        self.primaryProperty = primaryProperty
        self.isAction = isAction
        self.postToSlack = postToSlack
        self.defaultColumns = defaultColumns
        self.mediaPreviewURLs = mediaPreviewURLs
    }

    /// Whether the definition is verified (null counts as not verified).
    public var isVerified: Bool { verified ?? false }

    /// Whether the definition is hidden (null counts as visible).
    public var isHidden: Bool { hidden ?? false }
}

/// An immutable, shared user value; equal and hashed by the user it holds.
final class SharedUser: Hashable, Sendable {
    let user: User

    init(_ user: User) { self.user = user }

    static func == (lhs: SharedUser, rhs: SharedUser) -> Bool { lhs === rhs || lhs.user == rhs.user }

    func hash(into hasher: inout Hasher) { hasher.combine(user) }
}
