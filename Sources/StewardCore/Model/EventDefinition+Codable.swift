import Foundation

extension EventDefinition: Codable {
    enum CodingKeys: String, CodingKey {
        case id, name, owner, description, tags, verified, hidden
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
        case lastSeenAt = "last_seen_at"
        case verifiedAt = "verified_at"
        case verifiedBy = "verified_by"
        case enforcementMode = "enforcement_mode"
        case primaryProperty = "primary_property"
        case promotedProperty = "promoted_property"
        case isAction = "is_action"
        case postToSlack = "post_to_slack"
        case defaultColumns = "default_columns"
        case mediaPreviewURLs = "media_preview_urls"
    }

    /// Decodes it as PostHog, its reference, its frontend mocks or a Steward file writes it: what had to be
    /// bent (null tags, a user as a bare id or string, a flag as a string) is told to the decoder's
    /// ``CoercionLog`` when it has one, as ``FastDefinitionDecoder`` records the same things.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var lenient = Lenient(container: c)
        let name = try c.decode(String.self, forKey: .name)
        // Older builds call primary_property promoted_property; either is accepted.
        let primary =
            try c.decodeIfPresent(String.self, forKey: .primaryProperty)
            ?? c.decodeIfPresent(String.self, forKey: .promotedProperty)
        self.init(
            id: try Self.decodeID(c),
            name: name,
            owner: try lenient.user(.owner),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            tags: try lenient.strings(.tags, odd: .nullTags) ?? [],
            createdAt: try c.decodeIfPresent(Timestamp.self, forKey: .createdAt),
            updatedAt: try c.decodeIfPresent(Timestamp.self, forKey: .updatedAt),
            updatedBy: try lenient.user(.updatedBy),
            lastSeenAt: try c.decodeIfPresent(Timestamp.self, forKey: .lastSeenAt),
            verified: try lenient.flag(.verified, odd: .flagAsText),
            verifiedAt: try c.decodeIfPresent(Timestamp.self, forKey: .verifiedAt),
            verifiedBy: try lenient.user(.verifiedBy),
            hidden: try lenient.flag(.hidden, odd: .flagAsText),
            enforcementMode: try c.decodeIfPresent(EnforcementMode.self, forKey: .enforcementMode),
            primaryProperty: primary,
            isAction: try lenient.flag(.isAction, odd: .isActionAsText),
            postToSlack: try lenient.flag(.postToSlack, odd: .flagAsText),
            defaultColumns: try lenient.strings(.defaultColumns, odd: .oddStringList),
            mediaPreviewURLs: try lenient.strings(.mediaPreviewURLs, odd: .oddStringList))
        if !lenient.coercions.isEmpty, let log = decoder.userInfo[CoercionLog.key] as? CoercionLog {
            log.record(lenient.coercions, for: id)
        }
    }

    /// The lenient readings of one definition's fields, with what each had to bend.
    private struct Lenient {
        let container: KeyedDecodingContainer<CodingKeys>
        var coercions: Coercions = []

        /// A nested user, a partial one, a bare id or a string; missing and null alike are nil.
        mutating func user(_ key: CodingKeys) throws -> User? {
            guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
            if let id = try? container.decode(Int.self, forKey: key) {
                coercions.insert(.userAsID)
                return User(id: id)
            }
            if let text = try? container.decode(String.self, forKey: key) {
                coercions.insert(.userAsText)
                // An empty string names nobody, as null does.
                return text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : Coercions.user(fromText: text)
            }
            return try container.decode(User.self, forKey: key)
        }

        /// A list of strings with null entries dropped, or a single string read as a list of one.
        mutating func strings(_ key: CodingKeys, odd: Coercions) throws -> [String]? {
            guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
            if let text = try? container.decode(String.self, forKey: key) {
                coercions.insert(odd)
                return [text]
            }
            let entries = try container.decode([String?].self, forKey: key)
            let values = entries.compactMap { $0 }
            if values.count != entries.count { coercions.insert(odd) }
            return values
        }

        /// A flag; a string or a number is read as true or false (an unknown string as nil).
        mutating func flag(_ key: CodingKeys, odd: Coercions) throws -> Bool? {
            guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
            if let value = try? container.decode(Bool.self, forKey: key) { return value }
            if let number = try? container.decode(Int.self, forKey: key) {
                coercions.insert(odd)
                return number != 0
            }
            if let text = try? container.decode(String.self, forKey: key) {
                coercions.insert(odd)
                return Coercions.flag(fromText: text)
            }
            return try container.decode(Bool.self, forKey: key)
        }
    }

    /// Ids are UUID strings in PostHog; very old exports carry integers.
    private static func decodeID(_ c: KeyedDecodingContainer<CodingKeys>) throws -> String? {
        if let text = try? c.decodeIfPresent(String.self, forKey: .id) { return text }
        if let number = try? c.decodeIfPresent(Int.self, forKey: .id) { return String(number) }
        if c.contains(.id), try !c.decodeNil(forKey: .id) {
            throw DecodingError.typeMismatch(
                String.self,
                DecodingError.Context(codingPath: c.codingPath + [CodingKeys.id], debugDescription: "id is neither a string nor an integer")
            )
        }
        return nil
    }

    /// Writes the enterprise shape, keys in PostHog's order.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(owner, forKey: .owner)
        try c.encode(description, forKey: .description)
        try c.encode(tags, forKey: .tags)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(updatedBy, forKey: .updatedBy)
        try c.encode(lastSeenAt, forKey: .lastSeenAt)
        try c.encode(verified, forKey: .verified)
        try c.encode(verifiedAt, forKey: .verifiedAt)
        try c.encode(verifiedBy, forKey: .verifiedBy)
        try c.encode(hidden, forKey: .hidden)
        try c.encodeIfPresent(enforcementMode, forKey: .enforcementMode)
        try c.encode(primaryProperty, forKey: .primaryProperty)
        try c.encodeIfPresent(isAction, forKey: .isAction)
        try c.encodeIfPresent(postToSlack, forKey: .postToSlack)
        try c.encodeIfPresent(defaultColumns, forKey: .defaultColumns)
        try c.encodeIfPresent(mediaPreviewURLs, forKey: .mediaPreviewURLs)
    }
}
