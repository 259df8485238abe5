/// A change that would resolve a finding, as data for the fix planner; never applied by the engine.
public enum SuggestedFix: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Add these tags.
    case addTags([String])
    /// Remove these tags.
    case removeTags([String])
    /// Set the owner to the organization member with this email.
    case setOwner(email: String)
    /// Hide the definition.
    case hide
    /// Un-hide the definition.
    case unhide
    /// Mark the definition verified.
    case verify
    /// Set the enforcement mode.
    case setEnforcementMode(EnforcementMode)
    /// Set the description.
    case setDescription(String)

    /// Whether the fix may run without `--unsafe`: tag changes and owners from an explicit mapping.
    public var isSafe: Bool {
        switch self {
        case .addTags, .removeTags, .setOwner: return true
        case .hide, .unhide, .verify, .setEnforcementMode, .setDescription: return false
        }
    }

    /// How it reads in messages and output.
    public var description: String {
        switch self {
        case .addTags(let tags): return "add tags \(tags.joined(separator: ", "))"
        case .removeTags(let tags): return "remove tags \(tags.joined(separator: ", "))"
        case .setOwner(let email): return "set owner to \(email)"
        case .hide: return "hide"
        case .unhide: return "un-hide"
        case .verify: return "verify"
        case .setEnforcementMode(let mode): return "set enforcement_mode to \(mode)"
        case .setDescription(let text): return "set description to \"\(text)\""
        }
    }

    enum CodingKeys: String, CodingKey { case action, tags, email, mode, description }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .action) {
        case "add_tags": self = .addTags(try c.decode([String].self, forKey: .tags))
        case "remove_tags": self = .removeTags(try c.decode([String].self, forKey: .tags))
        case "set_owner": self = .setOwner(email: try c.decode(String.self, forKey: .email))
        case "hide": self = .hide
        case "unhide": self = .unhide
        case "verify": self = .verify
        case "set_enforcement_mode": self = .setEnforcementMode(try c.decode(EnforcementMode.self, forKey: .mode))
        case "set_description": self = .setDescription(try c.decode(String.self, forKey: .description))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .action, in: c, debugDescription: "unknown fix action '\(other)'")
        }
    }

    /// Encodes it as Steward writes it.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .addTags(let tags): try c.encode("add_tags", forKey: .action); try c.encode(tags, forKey: .tags)
        case .removeTags(let tags): try c.encode("remove_tags", forKey: .action); try c.encode(tags, forKey: .tags)
        case .setOwner(let email): try c.encode("set_owner", forKey: .action); try c.encode(email, forKey: .email)
        case .hide: try c.encode("hide", forKey: .action)
        case .unhide: try c.encode("unhide", forKey: .action)
        case .verify: try c.encode("verify", forKey: .action)
        case .setEnforcementMode(let mode):
            try c.encode("set_enforcement_mode", forKey: .action); try c.encode(mode, forKey: .mode)
        case .setDescription(let text):
            try c.encode("set_description", forKey: .action); try c.encode(text, forKey: .description)
        }
    }
}
