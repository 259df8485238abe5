/// One PostHog event definition, read leniently from either the enterprise or the open-source shape.
///
/// Every field but `name` is optional in the wire format; `id` falls back to the name when absent
/// (for candidate names that are not in PostHog yet).
public struct EventDefinition: Sendable, Hashable {
    /// The definition's UUID.
    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    /// The event name; immutable in PostHog once created.
    public var name: String {
        get { storage.name }
        set { unique().name = newValue }
    }
    /// The owner, nested as PostHog reads it.
    public var owner: User? {
        get { storage.fields.owner?.user }
        set { unique().fields.owner = newValue.map(SharedUser.init) }
    }
    /// Free-text description; null when the definition was never promoted to the enterprise table.
    public var description: String? {
        get { storage.fields.description }
        set { unique().fields.description = newValue }
    }
    /// Tags, as PostHog stores them (lower-cased).
    public var tags: [String] {
        get { storage.fields.tags }
        set { unique().fields.tags = newValue }
    }
    /// When the definition was created; null for API-created ones until the first event.
    public var createdAt: Timestamp? {
        get { storage.fields.createdAt }
        set { unique().fields.createdAt = newValue }
    }
    /// When the definition was last saved.
    public var updatedAt: Timestamp? {
        get { storage.fields.updatedAt }
        set { unique().fields.updatedAt = newValue }
    }
    /// Who last saved it.
    public var updatedBy: User? {
        get { storage.fields.updatedBy?.user }
        set { unique().fields.updatedBy = newValue.map(SharedUser.init) }
    }
    /// When an event of this name was last ingested.
    public var lastSeenAt: Timestamp? {
        get { storage.fields.lastSeenAt }
        set { unique().fields.lastSeenAt = newValue }
    }
    /// Whether the definition is verified; null in rows without an enterprise row.
    public var verified: Bool? {
        get { storage.fields.verified }
        set { unique().fields.verified = newValue }
    }
    /// When it was verified.
    public var verifiedAt: Timestamp? {
        get { storage.fields.verifiedAt }
        set { unique().fields.verifiedAt = newValue }
    }
    /// Who verified it.
    public var verifiedBy: User? {
        get { storage.fields.verifiedBy?.user }
        set { unique().fields.verifiedBy = newValue.map(SharedUser.init) }
    }
    /// Whether it is hidden from pickers.
    public var hidden: Bool? {
        get { storage.fields.hidden }
        set { unique().fields.hidden = newValue }
    }
    /// Schema enforcement mode.
    public var enforcementMode: EnforcementMode? {
        get { storage.fields.enforcementMode }
        set { unique().fields.enforcementMode = newValue }
    }
    /// The property shown beside the event in PostHog.
    public var primaryProperty: String? {
        get { storage.fields.primaryProperty }
        set { unique().fields.primaryProperty = newValue }
    }
    /// Always false for definitions.
    public var isAction: Bool? {
        get { storage.fields.isAction }
        set { unique().fields.isAction = newValue }
    }
    /// Accepted and discarded by PostHog; always false.
    public var postToSlack: Bool? {
        get { storage.fields.postToSlack }
        set { unique().fields.postToSlack = newValue }
    }
    /// Columns PostHog shows by default for this event.
    public var defaultColumns: [String]? {
        get { storage.fields.defaultColumns }
        set { unique().fields.defaultColumns = newValue }
    }
    /// Media preview URLs, newest first.
    public var mediaPreviewURLs: [String]? {
        get { storage.fields.mediaPreviewURLs }
        set { unique().fields.mediaPreviewURLs = newValue }
    }

    // Decoders share one user reference per person: a handful of people own a million definitions.
    var ownerStorage: SharedUser? {
        get { storage.fields.owner }
        set { unique().fields.owner = newValue }
    }
    var updatedByStorage: SharedUser? {
        get { storage.fields.updatedBy }
        set { unique().fields.updatedBy = newValue }
    }
    var verifiedByStorage: SharedUser? {
        get { storage.fields.verifiedBy }
        set { unique().fields.verifiedBy = newValue }
    }

    /// Every field, held behind one reference (copy-on-write): an audit copies each definition into pages,
    /// rule inputs, versions and reports, and a copy is then one retain instead of one per field.
    private var storage: Storage

    /// Creates a definition; only the name is required.
    public init(
        id: String? = nil, name: String, owner: User? = nil, description: String? = nil, tags: [String] = [],
        createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil, updatedBy: User? = nil,
        lastSeenAt: Timestamp? = nil, verified: Bool? = nil, verifiedAt: Timestamp? = nil,
        verifiedBy: User? = nil, hidden: Bool? = nil, enforcementMode: EnforcementMode? = nil,
        primaryProperty: String? = nil, isAction: Bool? = nil, postToSlack: Bool? = nil,
        defaultColumns: [String]? = nil, mediaPreviewURLs: [String]? = nil
    ) {
        storage = Storage(
            id: id ?? name, name: name,
            Fields(
                description: description, enforcementMode: enforcementMode, primaryProperty: primaryProperty,
                owner: owner.map(SharedUser.init), updatedBy: updatedBy.map(SharedUser.init),
                verifiedBy: verifiedBy.map(SharedUser.init), tags: tags, defaultColumns: defaultColumns,
                mediaPreviewURLs: mediaPreviewURLs, createdAt: createdAt, verified: verified, hidden: hidden, updatedAt: updatedAt,
                isAction: isAction, postToSlack: postToSlack, lastSeenAt: lastSeenAt, verifiedAt: verifiedAt))
    }

    /// Whether the definition is verified (null counts as not verified).
    public var isVerified: Bool { verified ?? false }

    /// Whether the definition is hidden (null counts as visible).
    public var isHidden: Bool { hidden ?? false }

    /// Two definitions are equal when every field is; a shared storage is equal without comparing.
    public static func == (lhs: EventDefinition, rhs: EventDefinition) -> Bool {
        lhs.storage === rhs.storage
            || (lhs.storage.id == rhs.storage.id && lhs.storage.name == rhs.storage.name && lhs.storage.fields == rhs.storage.fields)
    }

    /// Hashes every field, so equal definitions hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.id)
        hasher.combine(storage.name)
        hasher.combine(storage.fields)
    }

    /// The id and name as a finding about this definition holds them: the definition's own storage, so the
    /// findings of a million definitions add no copy of either (see ``Finding``).
    var identity: DefinitionIdentity { storage }

    /// The storage, copied first when another definition (or a finding) shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(id: storage.id, name: storage.name, storage.fields) }
        return storage
    }

    /// Every field but the id and name, which ``DefinitionIdentity`` holds.
    /// Declared widest first, each optional timestamp followed by flags that fit in its padding (a struct
    /// is laid out in declaration order): 16 bytes less a definition than in the wire format's order.
    private struct Fields: Hashable {
        var description: String?
        var enforcementMode: EnforcementMode?
        var primaryProperty: String?
        var owner: SharedUser?
        var updatedBy: SharedUser?
        var verifiedBy: SharedUser?
        var tags: [String]
        var defaultColumns: [String]?
        var mediaPreviewURLs: [String]?
        var createdAt: Timestamp?
        var verified: Bool?
        var hidden: Bool?
        var updatedAt: Timestamp?
        var isAction: Bool?
        var postToSlack: Bool?
        var lastSeenAt: Timestamp?
        var verifiedAt: Timestamp?
    }

    /// Written only through ``unique()``, so a shared instance is never changed: safe to send.
    private final class Storage: DefinitionIdentity, @unchecked Sendable {
        var fields: Fields
        init(id: String, name: String, _ fields: Fields) {
            self.fields = fields
            super.init(id: id, name: name)
        }
    }
}

/// An immutable, shared user value; equal and hashed by the user it holds.
final class SharedUser: Hashable, Sendable {
    let user: User

    init(_ user: User) { self.user = user }

    static func == (lhs: SharedUser, rhs: SharedUser) -> Bool { lhs === rhs || lhs.user == rhs.user }

    func hash(into hasher: inout Hasher) { hasher.combine(user) }
}
