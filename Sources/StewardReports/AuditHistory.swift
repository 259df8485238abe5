import StewardCore

/// What history said about an audit: its run, what it opened and what it resolved.
public struct AuditHistory: Sendable {
    /// The recorded run's id.
    public var runID: Int64
    /// The previous run that was not a failure, if any.
    public var previousRunID: Int64?
    /// `complete` or `incomplete`.
    public var status: String
    /// One flag per finding of the result, true when this run opened it.
    public var isNew: [Bool]
    /// Findings this run closed, as they were when they opened.
    public var resolved: [Finding]

    /// Creates a history summary.
    public init(runID: Int64, previousRunID: Int64?, status: String, isNew: [Bool], resolved: [Finding]) {
        self.runID = runID
        self.previousRunID = previousRunID
        self.status = status
        self.isNew = isNew
        self.resolved = resolved
    }

    /// How many findings this run opened.
    public var newCount: Int { isNew.lazy.filter { $0 }.count }
}

/// How the exit code was decided: the threshold, and what `--new-only` and `--baseline` set aside.
public struct GateOutcome: Sendable {
    /// The lowest severity that fails.
    public var threshold: Severity
    /// Whether only findings opened in this run can fail.
    public var newOnly: Bool
    /// The baseline file, when one was used.
    public var baselinePath: String?
    /// Findings the baseline accepted.
    public var baselined: Int
    /// Baseline entries that match no finding any more.
    public var staleBaseline: [Baseline.Entry]
    /// Findings at or above the threshold that fail the run.
    public var failing: Int

    /// Creates a gate outcome.
    public init(
        threshold: Severity, newOnly: Bool = false, baselinePath: String? = nil, baselined: Int = 0,
        staleBaseline: [Baseline.Entry] = [], failing: Int
    ) {
        self.threshold = threshold
        self.newOnly = newOnly
        self.baselinePath = baselinePath
        self.baselined = baselined
        self.staleBaseline = staleBaseline
        self.failing = failing
    }
}
