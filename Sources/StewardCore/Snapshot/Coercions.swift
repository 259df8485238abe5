/// What a decoder had to bend to read one definition: shapes PostHog's reference, its frontend mocks and
/// other tools write that are not the shape its serializer sends, each accepted and counted, never silently.
public struct Coercions: OptionSet, Sendable, Hashable {
    /// The bits.
    public let rawValue: UInt8

    /// Creates a set from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `tags` held null entries (PostHog's reference shows `"tags": [null]`); they were dropped.
    public static let nullTags = Coercions(rawValue: 1 << 0)
    /// A user (`owner`, `created_by`, `updated_by`, `verified_by`) was a bare integer id, the write shape.
    public static let userAsID = Coercions(rawValue: 1 << 1)
    /// A user was a bare string (an email or a name), as PostHog's frontend mocks write `verified_by`.
    public static let userAsText = Coercions(rawValue: 1 << 2)
    /// `is_action` was a string (PostHog's reference shows `"is_action": "string"`).
    public static let isActionAsText = Coercions(rawValue: 1 << 3)
    /// A list of strings (`default_columns`, `media_preview_urls`) held nulls, or was a single string.
    public static let oddStringList = Coercions(rawValue: 1 << 4)
    /// A flag (`verified`, `hidden`, `post_to_slack`) was written as a string or a number.
    public static let flagAsText = Coercions(rawValue: 1 << 5)

    /// Each coercion with the words of its note, in the order notes are said.
    static let described: [(Coercions, String)] = [
        (.nullTags, "had null tags; dropped"),
        (.userAsID, "named a user by a bare id (owner, created_by, updated_by or verified_by); read as that user's id"),
        (.userAsText, "named a user by a string (owner, created_by, updated_by or verified_by); read as that user's email or name"),
        (.isActionAsText, "had is_action as a string; read as true or false"),
        (.oddStringList, "had null entries in, or a single string for, default_columns or media_preview_urls; read as a list"),
        (.flagAsText, "had verified, hidden or post_to_slack as a string or number; read as true or false"),
    ]

    /// One line per kind of coercion, counted over `perDefinition`: "3 definitions had null tags; dropped".
    public static func notes(_ perDefinition: some Sequence<Coercions>) -> [String] {
        var counts = [Int](repeating: 0, count: described.count)
        for coercions in perDefinition where !coercions.isEmpty {
            for (position, entry) in described.enumerated() where coercions.contains(entry.0) { counts[position] += 1 }
        }
        return described.enumerated().compactMap { position, entry in
            let count = counts[position]
            guard count > 0 else { return nil }
            return "\(count) \(count == 1 ? "definition" : "definitions") \(entry.1)"
        }
    }

    /// A flag written as text or a number, or nil when it is neither true nor false.
    static func flag(fromText text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "t", "yes", "y", "1": return true
        case "false", "f", "no", "n", "0", "": return false
        default: return nil
        }
    }

    /// A user named by a string: an email when it looks like one, else a name.
    static func user(fromText text: String) -> User {
        text.contains("@") ? User(email: text) : User(firstName: text)
    }
}
