/// A problem in a policy file, with the place it was found.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// Where, when known.
    public var location: SourceLocation?
    /// What is wrong and, where it helps, what would be right.
    public var message: String

    /// Creates an error at a location.
    public init(_ message: String, at location: SourceLocation?) {
        self.message = message
        self.location = location
    }

    /// How it reads in messages and output.
    public var description: String {
        let said = Self.redactingKeys(message)
        guard let location else { return "error: \(said)" }
        return "\(location): error: \(said)"
    }

    /// A token quoted from a policy that looks like a PostHog personal API key is not repeated.
    static func redactingKeys(_ text: String) -> String {
        guard text.contains("phx_") else { return text }
        return text.replacingOccurrences(of: #"phx_[A-Za-z0-9_-]+"#, with: "phx_[redacted]", options: .regularExpression)
    }

    /// The same problem as a usage error (exit code 2).
    public var stewardError: StewardError { StewardError(.usage, description) }
}
