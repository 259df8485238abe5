import StewardCore

/// What recording a run changed: its id, what is new and what got resolved.
public struct RecordedRun: Sendable {
    /// The run's id in history.
    public var id: Int64
    /// The run before it that was not a failure, if any.
    public var previousRunID: Int64?
    /// How the run ended.
    public var status: RunStatus
    /// Findings first opened in this run.
    public var newKeys: Set<FindingKey>
    /// Findings this run closed.
    public var resolved: [HistoryFinding]
    /// Definitions whose content changed (new ones included), each recorded as a new version.
    public var changedDefinitions: Int
    /// Definitions recorded as removed from PostHog.
    public var removedDefinitions: Int
}
