import StewardCore

/// The part of a definition whose change makes a new `definition_version`: the governed metadata.
///
/// `last_seen_at` is left out on purpose: it is usage, not metadata, and moves every day an event is sent,
/// so including it would copy most of a project into history each night.
struct DefinitionContent {
    let name: String
    let ownerID: Int64?
    let owner: String?
    let description: String?
    let tags: String
    let hidden: Bool?
    let verified: Bool?
    let verifiedAt: String?
    let enforcementMode: String?
    let createdAt: String?
    let updatedAt: String?

    init(_ definition: EventDefinition) {
        name = definition.name
        let user = definition.owner
        ownerID = user?.id.map(Int64.init)
        owner = user?.displayName
        description = definition.description
        tags = JSONString.array(definition.tags)
        hidden = definition.hidden
        verified = definition.verified
        verifiedAt = definition.verifiedAt?.iso8601
        enforcementMode = definition.enforcementMode?.rawValue
        createdAt = definition.createdAt?.iso8601
        updatedAt = definition.updatedAt?.iso8601
    }

    /// A stable 64-bit fingerprint of the fields above, computed from the definition without building them
    /// (every definition is fingerprinted on every run; only changed ones are turned into columns).
    static func fingerprint(of definition: EventDefinition) -> Int64 {
        var hash = StableHash()
        hash.combine(definition.name)
        if let owner = definition.owner {
            hash.combine(Int64(owner.id ?? -1))
            hash.combine(owner.email)
            hash.combine(owner.firstName)
            hash.combine(owner.lastName)
        } else {
            hash.combine(Int64.min)
        }
        hash.combine(definition.description)
        hash.combine(Int64(definition.tags.count))
        for tag in definition.tags { hash.combine(tag) }
        for flag in [definition.hidden, definition.verified] { hash.combine(flag.map { $0 ? Int64(1) : 0 } ?? -1) }
        for instant in [definition.verifiedAt, definition.createdAt, definition.updatedAt] {
            hash.combine(instant.map { $0.seconds &* 1_000_000 &+ Int64($0.microseconds) } ?? Int64.min)
        }
        hash.combine(definition.enforcementMode?.rawValue)
        return hash.int64
    }
}
