import GRDB
import StewardCore

extension HistoryStore {
    /// Runs, newest first; with `before`, only runs with a smaller id.
    public func runs(before: Int64? = nil, limit: Int? = nil) throws(StewardError) -> [RunSummary] {
        try read { db in
            var request = RunRecord.order(RunRecord.Columns.id.desc)
            if let before { request = request.filter(RunRecord.Columns.id < before) }
            if let limit { request = request.limit(limit) }
            return try request.fetchAll(db).map(RunSummary.init)
        }
    }

    /// One run with what it opened and closed, its counts, and the ages of the findings open as of it.
    public func detail(_ reference: RunReference) throws(StewardError) -> RunDetail {
        try read { db in
            let record: RunRecord?
            switch reference {
            case .latest: record = try RunRecord.order(RunRecord.Columns.id.desc).fetchOne(db)
            case .id(let id): record = try RunRecord.fetchOne(db, key: id)
            }
            guard let record, let runID = record.id else {
                throw StewardError(
                    .usage, reference == .latest ? "history \(path) holds no runs yet." : "history \(path) has no run \(reference).")
            }
            let summary = RunSummary(record)
            let previous = try Int64.fetchOne(db, sql: "SELECT max(id) FROM run WHERE id < ? AND status != 'failed'", arguments: [runID])
            let order = " ORDER BY d.name, r.name, d.event_id"
            let new = try FindingRow.fetchAll(db, sql: FindingRow.selection + " WHERE f.opened_run = ?" + order, arguments: [runID])
            let resolved = try FindingRow.fetchAll(db, sql: FindingRow.selection + " WHERE f.closed_run = ?" + order, arguments: [runID])
            let counts = try RunCountRecord.filter(RunCountRecord.Columns.run == runID).fetchAll(db)
            func dimension(_ name: String) -> [RunDetail.Count] {
                counts.filter { $0.dimension == name }
                    .map { RunDetail.Count(key: $0.key, errors: $0.errors, warnings: $0.warnings, infos: $0.infos) }
                    .sorted { ($0.errors, $0.total, $1.key) > ($1.errors, $1.total, $0.key) }
            }
            let (buckets, oldest) = try openAges(db, asOf: runID, at: summary.startedAt)
            return RunDetail(
                run: summary, previousRunID: previous, new: new.map(HistoryFinding.init), resolved: resolved.map(HistoryFinding.init),
                byRule: dimension("rule"), byOwner: dimension("owner"), byTag: dimension("tag"), openByAge: buckets, oldestOpen: oldest)
        }
    }

    /// Every finding open as of a run (opened at or before it, not closed by it), in report order.
    public func openFindings(asOf reference: RunReference) throws(StewardError) -> [HistoryFinding] {
        try read { db in
            guard let runID = try runID(db, reference) else { return [] }
            return try FindingRow.fetchAll(
                db,
                sql: FindingRow.selection + " WHERE " + Self.openAsOf + " ORDER BY d.name, r.name, d.event_id",
                arguments: [runID, runID]
            ).map(HistoryFinding.init)
        }
    }

    /// Counts for one dimension (`rule`, `owner` or `tag`) across runs, oldest run first: the trend lines.
    public func trend(_ dimension: String, limit: Int? = nil) throws(StewardError) -> [(run: Int64, counts: [RunDetail.Count])] {
        try read { db in
            var ids = try Int64.fetchAll(
                db, sql: "SELECT id FROM run WHERE status != 'failed' ORDER BY id DESC" + (limit.map { " LIMIT \($0)" } ?? ""))
            ids.reverse()
            guard let first = ids.first else { return [] }
            let rows = try RunCountRecord.filter(RunCountRecord.Columns.dimension == dimension && RunCountRecord.Columns.run >= first)
                .fetchAll(db)
            let byRun = Dictionary(grouping: rows, by: \.run)
            return ids.map { id in
                (id, (byRun[id] ?? []).map { RunDetail.Count(key: $0.key, errors: $0.errors, warnings: $0.warnings, infos: $0.infos) })
            }
        }
    }

    static let openAsOf = "f.opened_run <= ? AND (f.closed_run IS NULL OR f.closed_run > ?)"

    func runID(_ db: Database, _ reference: RunReference) throws -> Int64? {
        switch reference {
        case .latest: return try Int64.fetchOne(db, sql: "SELECT max(id) FROM run")
        case .id(let id): return try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE id = ?", arguments: [id])
        }
    }

    private func openAges(_ db: Database, asOf runID: Int64, at instant: Timestamp) throws -> ([RunDetail.AgeBucket], HistoryFinding?) {
        let bounds: [(label: String, minimum: Int)] = [
            ("under 1 day", 0), ("1–7 days", 1), ("8–30 days", 8), ("31–90 days", 31), ("over 90 days", 91),
        ]
        var counts = Array(repeating: 0, count: bounds.count)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT o.started_at, count(*) FROM finding f JOIN run o ON o.id = f.opened_run
                WHERE \(Self.openAsOf) GROUP BY f.opened_run
                """,
            arguments: [runID, runID])
        for row in rows {
            let openedAt = Timestamp(iso8601: row[0] as String) ?? instant
            let age = max(0, openedAt.days(until: instant))
            let index = bounds.lastIndex { age >= $0.minimum } ?? 0
            counts[index] += row[1] as Int
        }
        let oldest = try FindingRow.fetchOne(
            db, sql: FindingRow.selection + " WHERE " + Self.openAsOf + " ORDER BY f.opened_run, d.name, r.name LIMIT 1",
            arguments: [runID, runID])
        let buckets = zip(bounds, counts).map { RunDetail.AgeBucket(label: $0.label, minimumDays: $0.minimum, count: $1) }
        return (buckets, oldest.map(HistoryFinding.init))
    }
}
