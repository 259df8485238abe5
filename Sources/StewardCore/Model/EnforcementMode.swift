/// A definition's schema `enforcement_mode`; values PostHog may add later are kept, not rejected.
public struct EnforcementMode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The value as PostHog sends it.
    public let rawValue: String

    /// Wraps any value, known or not.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a literal value.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Schemas are advisory (PostHog's default).
    public static let allow: EnforcementMode = "allow"
    /// Ingestion drops events that break their schema.
    public static let reject: EnforcementMode = "reject"

    /// The values this version of Steward knows; others are kept as they came.
    public static let known: [EnforcementMode] = [.allow, .reject]

    /// How it reads in messages and output.
    public var description: String { rawValue }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes it as Steward writes it.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
