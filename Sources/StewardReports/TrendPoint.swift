import StewardCore

/// One run on a trend chart.
public struct TrendPoint: Sendable, Equatable {
    /// The run id.
    public var runID: Int64
    /// When it started.
    public var startedAt: Timestamp
    /// Share of in-scope definitions with no error (0…100).
    public var score: Double
    /// Error findings.
    public var errors: Int
    /// Warning findings.
    public var warnings: Int

    /// Creates one from its parts.
    public init(runID: Int64, startedAt: Timestamp, score: Double, errors: Int, warnings: Int) {
        self.runID = runID
        self.startedAt = startedAt
        self.score = score
        self.errors = errors
        self.warnings = warnings
    }
}
