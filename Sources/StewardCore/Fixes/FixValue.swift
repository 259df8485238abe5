/// A field's value before or after a fix, as PostHog holds it.
public enum FixValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A tag list (lower-cased, sorted).
    case tags([String])
    /// An owner by user id, with the email shown to people; nil for no owner.
    case owner(id: Int?, email: String?)
    /// `hidden` or `verified`; nil when PostHog has no value.
    case flag(Bool?)
    /// `description` or `enforcement_mode`.
    case text(String?)
    /// A whole definition (`existence`): nil when there is none, so nil → spec creates and spec → nil deletes.
    case definition(DefinitionSpec?)

    /// How it reads in messages and output.
    public var description: String {
        switch self {
        case .tags(let tags): return tags.isEmpty ? "[]" : "[" + tags.joined(separator: ", ") + "]"
        case .owner(let id, let email): return id == nil ? "(no owner)" : email ?? "user \(id!)"
        case .flag(let value): return value.map { $0 ? "true" : "false" } ?? "null"
        case .text(let value): return value.map { "\"\($0)\"" } ?? "null"
        case .definition(let spec): return spec.map { "definition '\($0.name)'\($0.id.map { " (id \($0))" } ?? "")" } ?? "(none)"
        }
    }

    enum CodingKeys: String, CodingKey { case tags, ownerID = "owner_id", email, flag, text, kind, definition }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "tags": self = .tags(try c.decode([String].self, forKey: .tags))
        case "owner":
            self = .owner(id: try c.decodeIfPresent(Int.self, forKey: .ownerID), email: try c.decodeIfPresent(String.self, forKey: .email))
        case "flag": self = .flag(try c.decodeIfPresent(Bool.self, forKey: .flag))
        case "text": self = .text(try c.decodeIfPresent(String.self, forKey: .text))
        case "definition": self = .definition(try c.decodeIfPresent(DefinitionSpec.self, forKey: .definition))
        case let other: throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown value kind '\(other)'")
        }
    }

    /// Encodes it as Steward writes it.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .tags(let tags):
            try c.encode("tags", forKey: .kind)
            try c.encode(tags, forKey: .tags)
        case .owner(let id, let email):
            try c.encode("owner", forKey: .kind)
            try c.encode(id, forKey: .ownerID)
            try c.encode(email, forKey: .email)
        case .flag(let value):
            try c.encode("flag", forKey: .kind)
            try c.encode(value, forKey: .flag)
        case .text(let value):
            try c.encode("text", forKey: .kind)
            try c.encode(value, forKey: .text)
        case .definition(let spec):
            try c.encode("definition", forKey: .kind)
            try c.encode(spec, forKey: .definition)
        }
    }
}
