/// One event definition as the simulator stores it: PostHog's base row plus its enterprise row.
public struct SimDefinition: Sendable, Hashable {
    /// The id.
    public var id: String
    /// The name.
    public var name: String
    /// The owner's user id.
    public var ownerID: Int?
    /// How it reads in messages and output.
    public var description: String?
    /// The tags.
    public var tags: [String]
    /// When it was created.
    public var createdAt: Micros?
    /// When it was last changed.
    public var updatedAt: Micros
    /// The updated by id.
    public var updatedByID: Int?
    /// When an event of this name was last received.
    public var lastSeenAt: Micros?
    /// Whether it is verified.
    public var verified: Bool?
    /// When it was verified.
    public var verifiedAt: Micros?
    /// The verified by id.
    public var verifiedByID: Int?
    /// Whether it is hidden.
    public var hidden: Bool?
    /// The enforcement mode.
    public var enforcementMode: String
    /// The primary property.
    public var primaryProperty: String?
    /// Columns PostHog shows for the event.
    public var defaultColumns: [String]
    /// Whether the enterprise row exists; without one, description and verified read as null.
    public var hasEnterpriseRow: Bool

    /// Writes the enterprise serializer's representation, keys in `Meta.fields` order.
    func write(to json: inout JSONWriter, members: [Int: Member]) {
        json.raw("{\"id\":"); json.string(id)
        json.raw(",\"name\":"); json.string(name)
        json.raw(",\"owner\":"); writeUser(ownerID, &json, members)
        json.raw(",\"description\":"); json.optionalString(hasEnterpriseRow ? (description ?? "") : nil)
        json.raw(",\"tags\":"); json.strings(tags)
        json.raw(",\"created_at\":"); json.timestamp(createdAt)
        json.raw(",\"updated_at\":"); json.timestamp(updatedAt)
        json.raw(",\"updated_by\":"); writeUser(updatedByID, &json, members)
        json.raw(",\"last_seen_at\":"); json.timestamp(lastSeenAt)
        json.raw(",\"verified\":"); json.bool(hasEnterpriseRow ? (verified ?? false) : nil)
        json.raw(",\"verified_at\":"); json.timestamp(verifiedAt)
        json.raw(",\"verified_by\":"); writeUser(verifiedByID, &json, members)
        json.raw(",\"hidden\":"); json.bool(hidden)
        json.raw(",\"enforcement_mode\":"); json.string(enforcementMode)
        json.raw(",\"primary_property\":"); json.optionalString(primaryProperty)
        json.raw(",\"is_action\":false,\"post_to_slack\":false,\"default_columns\":"); json.strings(defaultColumns)
        json.raw(",\"media_preview_urls\":[]}")
    }

    private func writeUser(_ id: Int?, _ json: inout JSONWriter, _ members: [Int: Member]) {
        guard let id, let encoded = Member.encoded[id] else { return json.raw("null") }
        json.raw(encoded)
    }

    /// Names PostHog's SDKs send, which `event_type=event_posthog` selects by the `$` prefix.
    var isPostHogEvent: Bool { name.utf8.first == UInt8(ascii: "$") }
}
