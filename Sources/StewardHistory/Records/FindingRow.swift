import GRDB

/// A finding as history reads it back: `finding` joined with its definition, rule and opening run.
struct FindingRow: Decodable, FetchableRecord, Sendable {
    var eventID: String
    var eventName: String
    var rule: String
    var severity: String
    var message: String
    var value: String?
    var openedRun: Int64
    var openedAt: String
    var closedRun: Int64?

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", eventName = "event_name", rule, severity, message, value, openedRun = "opened_run",
            openedAt = "opened_at", closedRun = "closed_run"
    }

    /// The SELECT list and joins that produce this shape from `finding f`.
    static let selection = """
        SELECT d.event_id, d.name AS event_name, r.name AS rule, f.severity, f.message, f.value,
               f.opened_run, o.started_at AS opened_at, f.closed_run
        FROM finding f
        JOIN definition d ON d.id = f.definition
        JOIN rule r ON r.id = f.rule
        JOIN run o ON o.id = f.opened_run
        """
}
