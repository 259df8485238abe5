/// An error a person can act on, with the category that decides the process exit code.
public struct StewardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; each maps to one exit code.
    public enum Kind: Sendable, Equatable {
        /// Bad arguments, configuration, policy or input file (exit 2).
        case usage
        /// PostHog or the network failed after retries (exit 3).
        case api
        /// The local history database failed (exit 4).
        case storage
    }

    /// The category.
    public let kind: Kind
    /// One paragraph that says what went wrong and where.
    public let message: String

    /// Creates an error of a kind with its message.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The process exit code for this error, as DESIGN.md fixes them.
    public var exitCode: Int32 {
        switch kind {
        case .usage: return 2
        case .api: return 3
        case .storage: return 4
        }
    }

    /// How it reads in messages and output.
    public var description: String { message }
}
