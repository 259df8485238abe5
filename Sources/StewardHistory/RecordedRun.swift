import StewardCore

/// What recording a run changed: its id, what is new and what got resolved.
public struct RecordedRun: Sendable {
    /// The run's id in history.
    public var id: Int64
    /// The run before it that was not a failure, if any.
    public var previousRunID: Int64?
    /// How the run ended.
    public var status: RunStatus
    /// One flag per finding of the recorded result, true when this run opened it (all false for failed runs).
    public var isNew: [Bool]
    /// Findings this run closed.
    public var resolved: [HistoryFinding]
    /// Definitions whose content changed (new ones included), each recorded as a new version.
    public var changedDefinitions: Int
    /// Definitions recorded as removed from PostHog.
    public var removedDefinitions: Int

    /// How many findings this run opened.
    public var newCount: Int { isNew.lazy.filter { $0 }.count }

    /// The keys of the findings this run opened, from the result it recorded.
    public func newKeys(in result: LintResult) -> Set<FindingKey> {
        Set(zip(result.findings, isNew).lazy.filter(\.1).map(\.0.key))
    }
}
