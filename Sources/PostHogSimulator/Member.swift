/// A user of the simulated organization, rendered as PostHog's `UserBasic`.
public struct Member: Sendable, Hashable {
    /// The id.
    public var id: Int
    /// The uuid.
    public var uuid: String
    /// The user's distinct id.
    public var distinctID: String
    /// The first name.
    public var firstName: String
    /// The last name.
    public var lastName: String
    /// The email.
    public var email: String
    /// Their role in the organization.
    public var role: String?

    /// The organization's members, owners of the generated definitions.
    public static let organization: [Member] = [
        Member(
            id: 1, uuid: "01890000-0000-7000-8000-000000000001", distinctID: "ana-silva", firstName: "Ana", lastName: "Silva",
            email: "ana@example.com", role: "data"),
        Member(
            id: 2, uuid: "01890000-0000-7000-8000-000000000002", distinctID: "ben-okafor", firstName: "Ben", lastName: "Okafor",
            email: "ben@example.com", role: "engineering"),
        Member(
            id: 3, uuid: "01890000-0000-7000-8000-000000000003", distinctID: "chen-wei", firstName: "Chen", lastName: "Wei",
            email: "chen@example.com", role: "product"),
        Member(
            id: 4, uuid: "01890000-0000-7000-8000-000000000004", distinctID: "dara-murphy", firstName: "Dara", lastName: "Murphy",
            email: "dara@example.com", role: "marketing"),
        Member(
            id: 5, uuid: "01890000-0000-7000-8000-000000000005", distinctID: "eve-larsen", firstName: "Eve", lastName: "Larsen",
            email: "eve@example.com", role: "leadership"),
        Member(
            id: 6, uuid: "01890000-0000-7000-8000-000000000006", distinctID: "femi-adeyemi", firstName: "Femi", lastName: "Adeyemi",
            email: "contractor.femi@gmail.com", role: nil),
    ]

    /// A real user of another organization: writing them as owner is refused.
    public static let outsider = Member(
        id: 100, uuid: "01890000-0000-7000-8000-000000000100", distinctID: "outsider", firstName: "Olu", lastName: "Outside",
        email: "olu@elsewhere.io", role: "other")

    /// Every known user's `UserBasic` JSON, encoded once.
    static let encoded: [Int: [UInt8]] = {
        var result: [Int: [UInt8]] = [:]
        for member in organization + [outsider] {
            var writer = JSONWriter(capacity: 256)
            member.write(to: &writer)
            result[member.id] = writer.bytes
        }
        return result
    }()

    func write(to json: inout JSONWriter) {
        json.raw("{\"id\":"); json.int(id)
        json.raw(",\"uuid\":"); json.string(uuid)
        json.raw(",\"distinct_id\":"); json.string(distinctID)
        json.raw(",\"first_name\":"); json.string(firstName)
        json.raw(",\"last_name\":"); json.string(lastName)
        json.raw(",\"email\":"); json.string(email)
        json.raw(",\"is_email_verified\":true,\"hedgehog_config\":null,\"role_at_organization\":"); json.optionalString(role)
        json.raw("}")
    }
}
