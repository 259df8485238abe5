import StewardCore

/// One run on a trend chart.
public struct TrendPoint: Sendable, Equatable {
    public var runID: Int64
    public var startedAt: Timestamp
    public var score: Double
    public var errors: Int
    public var warnings: Int

    public init(runID: Int64, startedAt: Timestamp, score: Double, errors: Int, warnings: Int) {
        self.runID = runID
        self.startedAt = startedAt
        self.score = score
        self.errors = errors
        self.warnings = warnings
    }
}
