import Foundation

/// Which saved insights and dashboards chart each event, built once from every saved insight, dashboard and
/// action.
public struct UsageIndex: Sendable {
    /// What charts one event.
    public struct Uses: Sendable, Equatable {
        /// Saved insights, by id, ascending.
        public var insights: [Int] = []
        /// Dashboards those insights are on, by id, ascending.
        public var dashboards: [Int] = []

        /// Creates one.
        public init(insights: [Int] = [], dashboards: [Int] = []) {
            self.insights = insights
            self.dashboards = dashboards
        }
    }

    /// One saved insight: its id, name, dashboards, and the JSON of its query and legacy filters.
    public struct Insight: Sendable, Equatable {
        /// The id.
        public var id: Int
        /// Its name, when it has one.
        public var name: String?
        /// The dashboards it is on.
        public var dashboards: [Int]
        /// Its `query` as JSON, nil for none.
        public var query: Data?
        /// Its legacy `filters` as JSON, nil for none.
        public var filters: Data?

        /// Creates one.
        public init(id: Int, name: String? = nil, dashboards: [Int], query: Data?, filters: Data?) {
            self.id = id
            self.name = name
            self.dashboards = dashboards
            self.query = query
            self.filters = filters
        }
    }

    /// The rules whose findings put the dashboards charting an event at risk (reports, at-risk tagging,
    /// publish).
    /// (A list, not a set: an audit asks this of every finding, and comparing with two short strings costs
    /// less than hashing one.)
    public static let atRiskRules: [String] = [StaleInUseRule.description.identifier, HiddenInUseRule.description.identifier]

    /// What charts each event, by name (events in use only).
    public private(set) var byEvent: [String: Uses] = [:]
    /// Saved insights read.
    public private(set) var insightCount = 0
    /// Dashboards read (0 when only insights were).
    public private(set) var dashboardCount = 0
    /// Insights whose query could not be read (counted and named, never fatal).
    public private(set) var unreadable: [Int] = []
    /// Insight names by id.
    public private(set) var insightNames: [Int: String] = [:]
    /// Dashboard names by id (dashboards that were read).
    public private(set) var dashboardNames: [Int: String] = [:]
    /// Dashboards' tags by id.
    public private(set) var dashboardTags: [Int: [String]] = [:]
    /// Events some action's steps match: referenced, even when no insight charts the action.
    public private(set) var actionEvents: Set<String> = []
    /// Queries in the last 30 days that referenced each event, where PostHog said.
    public private(set) var queryCounts: [String: Int] = [:]

    /// Builds the index: each insight's events (``InsightEvents``, its actions through their steps) map to it
    /// and its dashboards.
    public init(_ data: UsageData) {
        let steps = Dictionary(data.actions.map { ($0.id, $0.steps) }, uniquingKeysWith: { first, _ in first })
        self.init(insights: data.insights, actionSteps: steps)
        dashboardCount = data.dashboards.count
        for dashboard in data.dashboards {
            dashboardNames[dashboard.id] = dashboard.name
            dashboardTags[dashboard.id] = dashboard.tags
        }
        queryCounts = data.queryCounts
    }

    /// Builds the index from insights and action steps alone (dashboards known by id only).
    public init(insights: [Insight], actionSteps: [Int: [String]]) {
        insightCount = insights.count
        for events in actionSteps.values { actionEvents.formUnion(events) }
        var insightSets: [String: Set<Int>] = [:]
        var dashboardSets: [String: Set<Int>] = [:]
        for insight in insights {
            if let name = insight.name { insightNames[insight.id] = name }
            let query = insight.query.flatMap { try? JSONSerialization.jsonObject(with: $0, options: .fragmentsAllowed) }
            let filters = insight.filters.flatMap { try? JSONSerialization.jsonObject(with: $0, options: .fragmentsAllowed) }
            let events = InsightEvents(query: query, filters: filters, actionSteps: actionSteps)
            if events.unreadable { unreadable.append(insight.id) }
            for name in events.events {
                insightSets[name, default: []].insert(insight.id)
                dashboardSets[name, default: []].formUnion(insight.dashboards)
            }
        }
        for (name, ids) in insightSets {
            byEvent[name] = Uses(insights: ids.sorted(), dashboards: (dashboardSets[name] ?? []).sorted())
        }
    }

    /// An index of events charted on dashboards, one insight per event (worked examples and tests); the
    /// dashboards are named "Dashboard N".
    public init(charted: [String: [Int]]) {
        let insights = charted.sorted { $0.key < $1.key }.enumerated().map { index, item in
            let query: [String: Any] = [
                "kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": [["kind": "EventsNode", "event": item.key]]],
            ]
            return Insight(
                id: index + 1, name: "\(item.key) trend", dashboards: item.value, query: try? JSONSerialization.data(withJSONObject: query),
                filters: nil)
        }
        let boards = Set(charted.values.flatMap { $0 }).sorted().map { UsageData.Dashboard(id: $0, name: "Dashboard \($0)") }
        self.init(UsageData(insights: insights, dashboards: boards, actions: []))
    }

    /// What to say about insights whose query could not be read, nil when there are none.
    public var unreadableNote: String? {
        guard !unreadable.isEmpty else { return nil }
        let named = unreadable.prefix(10).map(insightLabel).joined(separator: ", ") + (unreadable.count > 10 ? ", …" : "")
        return
            "\(unreadable.count) insight quer\(unreadable.count == 1 ? "y" : "ies") could not be read (\(named)); their events were not counted"
    }

    /// What charts `name`, nil when nothing does.
    public func uses(_ name: String) -> Uses? { byEvent[name] }

    /// Whether anything references `name`: a saved insight, or an action's step.
    public func isReferenced(_ name: String) -> Bool { byEvent[name] != nil || actionEvents.contains(name) }

    /// A dashboard as messages name it: `"Growth" (#3)`, or `#3` when its name was not read.
    public func dashboardLabel(_ id: Int) -> String {
        guard let name = dashboardNames[id], !name.isEmpty else { return "#\(id)" }
        return "\"\(name)\" (#\(id))"
    }

    /// An insight as messages name it: `"Weekly signups" (#12)`, or `#12`.
    public func insightLabel(_ id: Int) -> String {
        guard let name = insightNames[id], !name.isEmpty else { return "#\(id)" }
        return "\"\(name)\" (#\(id))"
    }
}
