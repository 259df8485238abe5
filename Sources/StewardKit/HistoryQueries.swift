import StewardCore
import StewardHistory

/// What `steward history` and its subcommands read or trim; StewardReports' `HistoryView` renders it.
public enum HistoryQueries {
    /// The recorded runs, newest first.
    public static func runs(path: String, limit: Int?) throws(StewardError) -> [RunSummary] {
        try HistoryStore.open(at: path, create: false).runs(limit: limit)
    }

    /// One run in detail.
    public static func detail(path: String, run: RunReference) throws(StewardError) -> RunDetail {
        try HistoryStore.open(at: path, create: false).detail(run)
    }

    /// Counts per rule, owner or tag over the latest `runs` runs, oldest first.
    public static func trend(path: String, dimension: String, runs: Int) throws(StewardError) -> [(run: Int64, counts: [RunDetail.Count])] {
        try HistoryStore.open(at: path, create: false).trend(dimension, limit: runs)
    }

    /// Drops old details, keeping every run's counts.
    public static func prune(path: String, keep: Int?, olderThanDays: Int?, now: Timestamp) throws(StewardError) -> PruneOutcome {
        try HistoryStore.open(at: path, create: false).prune(keep: keep, olderThanDays: olderThanDays, now: now)
    }
}
