import GRDB

/// A finding as history reads it back: `finding` joined with its definition, rule, opening run and texts,
/// its message and value expanded from their templates.
struct FindingRow: FetchableRecord, Sendable {
    var eventID: String
    var eventName: String
    var rule: String
    var severity: Int64
    var message: String
    var value: String?
    var openedRun: Int64
    var openedAt: String
    var closedRun: Int64?

    init(row: Row) {
        eventID = row["event_id"]
        eventName = row["event_name"]
        rule = row["rule"]
        severity = row["severity"]
        // The templates were made with the name the finding had when it opened.
        let named: String = row["named"] ?? eventName
        message = FindingText.expand(row["message_text"], template: row["message_template"], naming: named)
        let valueText: String? = row["value_text"]
        value = valueText.map { FindingText.expand($0, template: row["value_template"], naming: named) }
        openedRun = row["opened_run"]
        openedAt = row["opened_at"]
        closedRun = row["closed_run"]
    }

    /// The SELECT list and joins that produce this shape from `finding f`.
    static let selection = """
        SELECT d.event_id, d.name AS event_name, r.name AS rule, f.severity, f.named,
               m.text AS message_text, m.template AS message_template, v.text AS value_text, v.template AS value_template,
               f.opened_run, o.started_at AS opened_at, f.closed_run
        FROM finding f
        JOIN definition d ON d.id = f.definition
        JOIN rule r ON r.id = f.rule
        JOIN run o ON o.id = f.opened_run
        JOIN finding_text m ON m.id = f.message
        LEFT JOIN finding_text v ON v.id = f.value
        """
}
