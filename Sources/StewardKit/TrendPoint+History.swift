import StewardCore
import StewardHistory
import StewardReports

extension TrendPoint {
    /// The last `limit` runs that did not fail, oldest first, up to and including `run` when given.
    static func recent(from store: HistoryStore, upTo run: Int64? = nil, limit: Int = 30) throws(StewardError) -> [TrendPoint] {
        let runs = try store.runs(before: run.map { $0 + 1 }, limit: limit * 2)
        return runs.filter { $0.status != .failed }.prefix(limit).reversed().map {
            TrendPoint(runID: $0.id, startedAt: $0.startedAt, score: $0.score ?? 0, errors: $0.errors, warnings: $0.warnings)
        }
    }
}
