import Foundation

/// A PostHog personal API key. It prints as a redaction, never as itself, so it cannot leak through logs or errors.
public struct PersonalAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The environment variable Steward reads it from.
    public static let environmentVariable = "POSTHOG_PERSONAL_API_KEY"

    private let secret: String

    /// Wraps a key; surrounding white space (a trailing newline in a key file) is dropped.
    public init?(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: { $0.isWhitespace || $0.isNewline }) else { return nil }
        self.secret = trimmed
    }

    /// The `Authorization` header value; the only place the secret is read.
    var authorizationHeader: String { "Bearer \(secret)" }

    /// Whether `text` contains the secret (used to scrub anything a server echoes back).
    func appears(in text: String) -> Bool { text.contains(secret) }

    /// Replaces the secret in `text` by a redaction.
    func redact(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "[redacted]") }

    public var description: String { "[redacted personal API key]" }
    public var debugDescription: String { description }

    /// Reads the key from `--api-key-file` when given, else from `POSTHOG_PERSONAL_API_KEY`.
    public static func load(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostHogAPIError)
        -> PersonalAPIKey
    {
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw .configuration("cannot read the API key file \(file).")
            }
            guard let key = PersonalAPIKey(text) else {
                throw .configuration("the API key file \(file) is empty or holds more than one word.")
            }
            return key
        }
        guard let text = environment[environmentVariable], let key = PersonalAPIKey(text) else {
            throw .configuration(
                "no PostHog personal API key: set \(environmentVariable) or pass --api-key-file FILE (a key with the event_definition:read scope; event_definition:write to apply fixes)."
            )
        }
        return key
    }
}
