import Foundation

/// Which saved insights and dashboards chart each event, built once from every saved insight and action.
public struct UsageIndex: Sendable {
    /// What charts one event.
    public struct Uses: Sendable, Equatable {
        /// Saved insights, by id, ascending.
        public var insights: [Int] = []
        /// Dashboards those insights are on, by id, ascending.
        public var dashboards: [Int] = []
    }

    /// One saved insight: its id, dashboards, and the JSON of its query and legacy filters.
    public struct Insight: Sendable {
        /// The id.
        public var id: Int
        /// The dashboards it is on.
        public var dashboards: [Int]
        /// Its `query` as JSON, nil for none.
        public var query: Data?
        /// Its legacy `filters` as JSON, nil for none.
        public var filters: Data?

        /// Creates one.
        public init(id: Int, dashboards: [Int], query: Data?, filters: Data?) {
            self.id = id
            self.dashboards = dashboards
            self.query = query
            self.filters = filters
        }
    }

    /// What charts each event, by name (events in use only).
    public private(set) var byEvent: [String: Uses] = [:]
    /// Saved insights read.
    public private(set) var insightCount = 0
    /// Insights whose query could not be read (counted and named, never fatal).
    public private(set) var unreadable: [Int] = []

    /// Builds the index: each insight's events (``InsightEvents``, its actions through their steps) map to it
    /// and its dashboards.
    public init(insights: [Insight], actionSteps: [Int: [String]]) {
        insightCount = insights.count
        var insightSets: [String: Set<Int>] = [:]
        var dashboardSets: [String: Set<Int>] = [:]
        for insight in insights {
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

    /// An index of events charted on dashboards, one insight per event (worked examples and tests).
    public init(charted: [String: [Int]]) {
        let insights = charted.sorted { $0.key < $1.key }.enumerated().map { index, item in
            let query: [String: Any] = [
                "kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": [["kind": "EventsNode", "event": item.key]]],
            ]
            return Insight(id: index + 1, dashboards: item.value, query: try? JSONSerialization.data(withJSONObject: query), filters: nil)
        }
        self.init(insights: insights, actionSteps: [:])
    }

    /// What to say about insights whose query could not be read, nil when there are none.
    public var unreadableNote: String? {
        guard !unreadable.isEmpty else { return nil }
        return
            "\(unreadable.count) insight queries could not be read (ids \(unreadable.prefix(10).map(String.init).joined(separator: ", ")))"
    }

    /// What charts `name`, nil when nothing does.
    public func uses(_ name: String) -> Uses? { byEvent[name] }
}
