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

    public var description: String {
        guard let location else { return "error: \(message)" }
        return "\(location): error: \(message)"
    }

    /// The same problem as a usage error (exit code 2).
    public var stewardError: StewardError { StewardError(.usage, description) }
}
