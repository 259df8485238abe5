import StewardCore

/// What one audit hands to history: where and when it ran, and either its result or why it failed.
public struct RunInput: Sendable {
    /// How the audit ended.
    public enum Outcome: Sendable {
        /// Linted: the definitions read and the result. An incomplete snapshot opens findings but closes none.
        case audited(definitions: [EventDefinition], result: LintResult, complete: Bool)
        /// Read and about to be linted: recorded in steps by the ``RunWriter`` that
        /// ``HistoryStore/beginRun(_:)`` returns, the lint result handed to it when there is one.
        case steps(definitions: [EventDefinition], complete: Bool)
        /// Fetching or linting failed; recorded so the gap is visible, and no finding changes state.
        case failed(message: String)
    }

    /// When the audit started.
    public var startedAt: Timestamp
    /// When it finished (history stamps it when nil).
    public var finishedAt: Timestamp?
    /// The instant findings were judged at (`--now`, a snapshot's `fetched_at`, or the clock).
    public var judgedAt: Timestamp
    /// A person-readable source (a host and project, or a file).
    public var source: String
    /// The PostHog host, for a remote audit or a snapshot that names one.
    public var host: String?
    /// The project id.
    public var project: String?
    /// The policy fingerprint, when the policy loaded.
    public var policyHash: String?
    /// The Steward version.
    public var toolVersion: String
    /// The result or the failure.
    public var outcome: Outcome

    /// Creates a run input.
    public init(
        startedAt: Timestamp, finishedAt: Timestamp? = nil, judgedAt: Timestamp, source: String, host: String? = nil,
        project: String? = nil, policyHash: String?, toolVersion: String, outcome: Outcome
    ) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.judgedAt = judgedAt
        self.source = source
        self.host = host
        self.project = project
        self.policyHash = policyHash
        self.toolVersion = toolVersion
        self.outcome = outcome
    }
}
