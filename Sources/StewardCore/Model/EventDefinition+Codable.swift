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

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        // Older builds call primary_property promoted_property; either is accepted.
        let primary =
            try c.decodeIfPresent(String.self, forKey: .primaryProperty)
            ?? c.decodeIfPresent(String.self, forKey: .promotedProperty)
        self.init(
            id: try Self.decodeID(c),
            name: name,
            owner: try c.decodeIfPresent(User.self, forKey: .owner),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            tags: try c.decodeIfPresent([String].self, forKey: .tags) ?? [],
            createdAt: try c.decodeIfPresent(Timestamp.self, forKey: .createdAt),
            updatedAt: try c.decodeIfPresent(Timestamp.self, forKey: .updatedAt),
            updatedBy: try c.decodeIfPresent(User.self, forKey: .updatedBy),
            lastSeenAt: try c.decodeIfPresent(Timestamp.self, forKey: .lastSeenAt),
            verified: try c.decodeIfPresent(Bool.self, forKey: .verified),
            verifiedAt: try c.decodeIfPresent(Timestamp.self, forKey: .verifiedAt),
            verifiedBy: try c.decodeIfPresent(User.self, forKey: .verifiedBy),
            hidden: try c.decodeIfPresent(Bool.self, forKey: .hidden),
            enforcementMode: try c.decodeIfPresent(EnforcementMode.self, forKey: .enforcementMode),
            primaryProperty: primary,
            isAction: try c.decodeIfPresent(Bool.self, forKey: .isAction),
            postToSlack: try c.decodeIfPresent(Bool.self, forKey: .postToSlack),
            defaultColumns: try c.decodeIfPresent([String].self, forKey: .defaultColumns),
            mediaPreviewURLs: try c.decodeIfPresent([String].self, forKey: .mediaPreviewURLs))
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
