/// One event definition as the simulator stores it: PostHog's base row plus its enterprise row.
public struct SimDefinition: Sendable, Hashable {
    public var id: String
    public var name: String
    public var ownerID: Int?
    public var description: String?
    public var tags: [String]
    public var createdAt: Micros?
    public var updatedAt: Micros
    public var updatedByID: Int?
    public var lastSeenAt: Micros?
    public var verified: Bool?
    public var verifiedAt: Micros?
    public var verifiedByID: Int?
    public var hidden: Bool?
    public var enforcementMode: String
    public var primaryProperty: String?
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
