/// A PostHog user as the API nests it (`UserBasic`): owner, updated_by, verified_by.
public struct User: Sendable, Hashable, Codable {
    /// Numeric user id, the value written back as `owner`.
    public var id: Int?
    /// The user's UUID.
    public var uuid: String?
    /// The user's distinct id.
    public var distinctId: String?
    /// First name.
    public var firstName: String?
    /// Last name.
    public var lastName: String?
    /// Email address.
    public var email: String?
    /// Whether PostHog has verified the email address.
    public var isEmailVerified: Bool?
    /// `engineering`, `data`, `product`, …, `""` or null.
    public var roleAtOrganization: String?

    /// Creates a user; every field is optional because PostHog's shapes vary.
    public init(
        id: Int? = nil, uuid: String? = nil, distinctId: String? = nil, firstName: String? = nil,
        lastName: String? = nil, email: String? = nil, isEmailVerified: Bool? = nil,
        roleAtOrganization: String? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.distinctId = distinctId
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.isEmailVerified = isEmailVerified
        self.roleAtOrganization = roleAtOrganization
    }

    /// The best name to show a person: the email, else the full name, else the id.
    public var displayName: String {
        if let email, !email.isEmpty { return email }
        let full = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !full.isEmpty { return full }
        if let id { return "user \(id)" }
        return uuid ?? "unknown user"
    }

    enum CodingKeys: String, CodingKey {
        case id, uuid, email
        case distinctId = "distinct_id"
        case firstName = "first_name"
        case lastName = "last_name"
        case isEmailVerified = "is_email_verified"
        case roleAtOrganization = "role_at_organization"
    }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        // The write shape of `owner` is a bare user id; accept it where a nested user is expected.
        if let single = try? decoder.singleValueContainer(), let id = try? single.decode(Int.self) {
            self.init(id: id)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decodeIfPresent(Int.self, forKey: .id),
            uuid: try container.decodeIfPresent(String.self, forKey: .uuid),
            distinctId: try container.decodeIfPresent(String.self, forKey: .distinctId),
            firstName: try container.decodeIfPresent(String.self, forKey: .firstName),
            lastName: try container.decodeIfPresent(String.self, forKey: .lastName),
            email: try container.decodeIfPresent(String.self, forKey: .email),
            isEmailVerified: try container.decodeIfPresent(Bool.self, forKey: .isEmailVerified),
            roleAtOrganization: try container.decodeIfPresent(String.self, forKey: .roleAtOrganization))
    }
}
