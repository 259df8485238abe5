import StewardCore

/// The part of a definition whose change makes a new `definition_version`: the governed metadata.
///
/// `last_seen_at` is left out on purpose: it is usage, not metadata, and moves every day an event is sent,
/// so including it would copy most of a project into history each night.
enum DefinitionContent {
    /// The columns of a `definition_version` row from `name` on (name, owner_id, owner, description, tags,
    /// hidden, verified, verified_at, enforcement_mode, created_at, updated_at), written straight into the
    /// row: instants as microseconds since 1970 (UTC), tags as a JSON array.
    static func write(_ definition: EventDefinition, into row: inout RowBatch) {
        row.text(definition.name)
        if let user = definition.owner {
            row.integer(user.id)
            row.text(user.displayName)
        } else {
            row.null()
            row.null()
        }
        row.text(definition.description)
        let tags = definition.tags
        if tags.isEmpty {
            row.text("[]")
        } else {
            row.text { bytes in
                bytes.append(UInt8(ascii: "["))
                for (index, tag) in tags.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    JSONString.append(tag, to: &bytes)
                }
                bytes.append(UInt8(ascii: "]"))
            }
        }
        row.boolean(definition.hidden)
        row.boolean(definition.verified)
        write(definition.verifiedAt, into: &row)
        row.text(definition.enforcementMode?.rawValue)
        write(definition.createdAt, into: &row)
        write(definition.updatedAt, into: &row)
    }

    private static func write(_ instant: Timestamp?, into row: inout RowBatch) {
        row.integer(instant?.epochMicroseconds)
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
