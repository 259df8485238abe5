import StewardCore

/// What depends on the audited events, as the reports show it: the index (nil when usage could not be read,
/// with the reason), and the dashboards that chart hidden or stale events.
public struct ReportUsage: Sendable {
    /// The index; nil when usage was asked for and could not be read.
    public var index: UsageIndex?
    /// Why it could not be read.
    public var unavailableReason: String?

    /// One dashboard that charts events the audit found hidden or stale, and why each is at risk.
    public struct DashboardAtRisk: Sendable, Equatable {
        /// One at-risk event on it.
        public struct Event: Sendable, Equatable {
            /// The event name.
            public var name: String
            /// "hidden", "not seen since 2026-03-01", "never seen".
            public var why: String
        }
        /// The dashboard's id.
        public var id: Int
        /// Its name, when dashboards were read.
        public var name: String?
        /// The at-risk events it charts, by name.
        public var events: [Event]
    }

    /// The dashboards at risk, worked out once for every reporter (`prepare`).
    private var prepared: [DashboardAtRisk]?

    /// Creates one.
    public init(index: UsageIndex?, unavailableReason: String? = nil) {
        self.index = index
        self.unavailableReason = unavailableReason
    }

    /// Works out the dashboards at risk once, so the several reporters of one audit share them.
    public mutating func prepare(for report: AuditReport) {
        prepared = nil
        prepared = dashboardsAtRisk(report)
    }

    /// Dashboards charting an event with a `stale_in_use` or `hidden_in_use` finding, most at-risk events first.
    public func dashboardsAtRisk(_ report: AuditReport) -> [DashboardAtRisk] {
        if let prepared { return prepared }
        guard let index else { return [] }
        // By index: `for x in array` copies every element, and a large project has hundreds of thousands.
        let findings = report.result.findings
        var atRisk: [Finding] = []
        let rules = UsageIndex.atRiskRules
        for i in findings.indices where rules.contains(findings[i].ruleID) && index.uses(findings[i].eventName) != nil {
            atRisk.append(findings[i])
        }
        guard !atRisk.isEmpty else { return [] }
        // Only the few at-risk definitions are looked up.
        let names = Set(atRisk.map(\.eventName))
        let all = report.definitions
        var definitions: [String: EventDefinition] = [:]
        for i in all.indices where names.contains(all[i].name) { definitions[all[i].name] = all[i] }
        var events: [Int: [String: String]] = [:]
        for finding in atRisk {
            guard let uses = index.uses(finding.eventName) else { continue }
            let definition = definitions[finding.eventName]
            let why: String
            if definition?.isHidden == true || finding.ruleID == "hidden_in_use" {
                why = "hidden"
            } else if let seen = definition?.lastSeenAt {
                why = "not seen since \(seen.dateString)"
            } else {
                why = "never seen"
            }
            for dashboard in uses.dashboards { events[dashboard, default: [:]][finding.eventName] = why }
        }
        return events.map { id, named in
            DashboardAtRisk(
                id: id, name: index.dashboardNames[id],
                events: named.sorted { $0.key < $1.key }.map { DashboardAtRisk.Event(name: $0.key, why: $0.value) })
        }.sorted { ($1.events.count, $0.id) < ($0.events.count, $1.id) }
    }

    /// A finding's usage cell: "3 insights, 2 dashboards", or "" when nothing charts the event.
    public func cell(_ eventName: String) -> String {
        guard let uses = index?.uses(eventName) else { return "" }
        let insights = "\(uses.insights.count) insight\(uses.insights.count == 1 ? "" : "s")"
        guard !uses.dashboards.isEmpty else { return insights }
        return insights + ", \(uses.dashboards.count) dashboard\(uses.dashboards.count == 1 ? "" : "s")"
    }
}
