import StewardCore

/// `steward usage NAME…`: for each event, the saved insights that chart it and the dashboards they are on.
public struct UsageView: Sendable {
    /// One event's usage.
    public struct Entry: Sendable, Encodable {
        /// A saved insight.
        public struct Insight: Sendable, Encodable {
            /// Its id.
            public var id: Int
            /// Its name, when it has one.
            public var name: String?
        }
        /// A dashboard.
        public struct Dashboard: Sendable, Encodable {
            /// Its id.
            public var id: Int
            /// Its name, when dashboards were read.
            public var name: String?
        }
        /// The event.
        public var name: String
        /// The saved insights that chart it.
        public var insights: [Insight]
        /// The dashboards those insights are on.
        public var dashboards: [Dashboard]
        /// Queries in the last 30 days that referenced it, when PostHog said.
        public var queryUsage30Day: Int?

        enum CodingKeys: String, CodingKey {
            case name, insights, dashboards
            case queryUsage30Day = "query_usage_30_day"
        }
    }

    /// The events asked about, in order.
    public var entries: [Entry]
    /// Saved insights read.
    public var insightCount: Int
    /// Insights whose query could not be read.
    public var unreadable: [Int]

    /// Builds the view from the index.
    public init(names: [String], index: UsageIndex) {
        entries = names.map { name in
            let uses = index.uses(name)
            return Entry(
                name: name, insights: (uses?.insights ?? []).map { Entry.Insight(id: $0, name: index.insightNames[$0]) },
                dashboards: (uses?.dashboards ?? []).map { Entry.Dashboard(id: $0, name: index.dashboardNames[$0]) },
                queryUsage30Day: index.queryCounts[name])
        }
        insightCount = index.insightCount
        unreadable = index.unreadable
    }

    /// A line per event, then its insights and dashboards.
    public func text() -> String {
        var lines: [String] = []
        for entry in entries {
            let name = TerminalText.sanitize(entry.name)
            guard !entry.insights.isEmpty else {
                lines.append("\(name): no saved insight charts it")
                continue
            }
            lines.append(
                "\(name): \(entry.insights.count) saved insight\(entry.insights.count == 1 ? "" : "s") on \(entry.dashboards.count) dashboard\(entry.dashboards.count == 1 ? "" : "s")"
                    + (entry.queryUsage30Day.map { ", \($0) queries in 30 days" } ?? ""))
            for insight in entry.insights {
                lines.append("  insight \(insight.id): \(TerminalText.sanitize(insight.name ?? "(unnamed)"))")
            }
            for dashboard in entry.dashboards {
                lines.append("  dashboard \(dashboard.id): \(TerminalText.sanitize(dashboard.name ?? "(name not read)"))")
            }
        }
        lines.append(
            "read \(insightCount) saved insight\(insightCount == 1 ? "" : "s")"
                + (unreadable.isEmpty
                    ? ""
                    : "; \(unreadable.count) could not be read (ids \(unreadable.prefix(10).map(String.init).joined(separator: ", ")))"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"insights_read", "unreadable": [ids], "events": [{"name", "insights": [{"id", "name"}], "dashboards": [ids]}]}`.
    public func json() -> String {
        struct Body: Encodable {
            var insightsRead: Int
            var unreadable: [Int]
            var events: [Entry]
            enum CodingKeys: String, CodingKey { case insightsRead = "insights_read", unreadable, events }
        }
        return ViewJSON.encode(Body(insightsRead: insightCount, unreadable: unreadable, events: entries))
    }
}
