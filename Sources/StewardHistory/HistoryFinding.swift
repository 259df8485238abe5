import StewardCore

/// A finding as history knows it: what it said when it opened, and its lifecycle.
public struct HistoryFinding: Sendable, Codable, Equatable {
    /// The definition id.
    public var eventID: String
    /// The event name.
    public var eventName: String
    /// The rule id.
    public var ruleID: String
    /// The severity last recorded.
    public var severity: Severity
    /// The message when it opened.
    public var message: String
    /// The offending value when it opened.
    public var value: String?
    /// The run that opened it.
    public var openedRun: Int64
    /// When that run started.
    public var openedAt: Timestamp
    /// The run that closed it, if closed.
    public var closedRun: Int64?

    /// The identity shared with the lint result.
    public var key: FindingKey { FindingKey(eventID: eventID, ruleID: ruleID) }

    /// Whole days it has been open as of `instant`.
    public func ageInDays(at instant: Timestamp) -> Int { max(0, openedAt.days(until: instant)) }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", eventName = "event_name", ruleID = "rule", severity, message, value,
            openedRun = "opened_run", openedAt = "opened_at", closedRun = "closed_run"
    }

    init(_ row: FindingRow) {
        eventID = row.eventID
        eventName = row.eventName
        ruleID = row.rule
        severity = FindingText.severity(code: row.severity)
        message = row.message
        value = row.value
        openedRun = row.openedRun
        openedAt = Timestamp(iso8601: row.openedAt) ?? Timestamp(seconds: 0)
        closedRun = row.closedRun
    }
}

extension HistoryFinding {
    /// The finding as the engine and reporters know it, as it was when it opened.
    public var finding: Finding {
        Finding(ruleID: ruleID, severity: severity, eventID: eventID, eventName: eventName, message: message, value: value)
    }
}
