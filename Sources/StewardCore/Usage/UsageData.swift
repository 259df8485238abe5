import Foundation

/// What depends on a project's events as read from PostHog: its saved insights (with their query and legacy
/// filters as PostHog sent them), dashboards and actions. Snapshots carry it, so an audit from a file judges
/// usage offline exactly as the live audit did.
public struct UsageData: Sendable, Equatable {
    /// One dashboard: its id, name and tags.
    public struct Dashboard: Sendable, Equatable {
        /// The id.
        public var id: Int
        /// The name, as PostHog holds it (escape where shown).
        public var name: String
        /// Its tags.
        public var tags: [String]

        /// Creates one.
        public init(id: Int, name: String, tags: [String] = []) {
            self.id = id
            self.name = name
            self.tags = tags
        }
    }

    /// One action: its id, name and the event each step matches.
    public struct Action: Sendable, Equatable {
        /// The id.
        public var id: Int
        /// The name.
        public var name: String
        /// The event of each step that names one.
        public var steps: [String]

        /// Creates one.
        public init(id: Int, name: String, steps: [String]) {
            self.id = id
            self.name = name
            self.steps = steps
        }
    }

    /// Saved insights.
    public var insights: [UsageIndex.Insight]
    /// Dashboards (not deleted).
    public var dashboards: [Dashboard]
    /// Actions.
    public var actions: [Action]
    /// Queries that referenced each event in the last 30 days (`…/metrics/`), for the events it was read for;
    /// empty when PostHog would not say.
    public var queryCounts: [String: Int] = [:]

    /// Creates one.
    public init(insights: [UsageIndex.Insight], dashboards: [Dashboard], actions: [Action], queryCounts: [String: Int] = [:]) {
        self.insights = insights
        self.dashboards = dashboards
        self.actions = actions
        self.queryCounts = queryCounts
    }

    /// The index the rules, reports and fixes read.
    public var index: UsageIndex { UsageIndex(self) }

    // MARK: - JSON (the `usage` key of a snapshot file)

    /// The JSON object a snapshot holds: insights, dashboards and actions in PostHog's own shapes (so a saved
    /// API answer can be pasted in), plus `query_counts`.
    public func jsonObject() -> [String: Any] {
        func parsed(_ data: Data?) -> Any {
            data.flatMap { try? JSONSerialization.jsonObject(with: $0, options: .fragmentsAllowed) } ?? NSNull()
        }
        return [
            "insights": insights.map { insight -> [String: Any] in
                [
                    "id": insight.id, "name": (insight.name as Any?) ?? NSNull(), "dashboards": insight.dashboards,
                    "query": parsed(insight.query), "filters": parsed(insight.filters),
                ]
            },
            "dashboards": dashboards.map { ["id": $0.id, "name": $0.name, "tags": $0.tags] as [String: Any] },
            "actions": actions.map { ["id": $0.id, "name": $0.name, "steps": $0.steps.map { ["event": $0] }] as [String: Any] },
            "query_counts": queryCounts,
        ]
    }

    /// Reads the `usage` object of a snapshot; throws a message naming the place that is wrong.
    public static func parse(_ value: Any) throws(UsageDataError) -> UsageData {
        guard let object = value as? [String: Any] else { throw UsageDataError("usage: expected an object") }
        func list(_ key: String) throws(UsageDataError) -> [[String: Any]] {
            guard let raw = object[key] else { return [] }
            guard let items = raw as? [[String: Any]] else { throw UsageDataError("usage.\(key): expected a list of objects") }
            return items
        }
        func id(_ item: [String: Any], _ place: String) throws(UsageDataError) -> Int {
            guard let id = item["id"] as? Int else { throw UsageDataError("\(place).id: expected an integer id") }
            return id
        }
        func json(_ value: Any?) -> Data? {
            guard let value, !(value is NSNull) else { return nil }
            if let object = value as? [String: Any], object.isEmpty { return nil }
            return try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        }
        var insights: [UsageIndex.Insight] = []
        for (index, item) in try list("insights").enumerated() {
            let place = "usage.insights[\(index)]"
            guard (item["dashboards"] ?? []) is [Int] else { throw UsageDataError("\(place).dashboards: expected a list of ids") }
            insights.append(
                UsageIndex.Insight(
                    id: try id(item, place), name: item["name"] as? String, dashboards: (item["dashboards"] as? [Int]) ?? [],
                    query: json(item["query"]), filters: json(item["filters"])))
        }
        var dashboards: [Dashboard] = []
        for (index, item) in try list("dashboards").enumerated() where item["deleted"] as? Bool != true {
            let place = "usage.dashboards[\(index)]"
            dashboards.append(
                Dashboard(id: try id(item, place), name: (item["name"] as? String) ?? "", tags: (item["tags"] as? [String]) ?? []))
        }
        var actions: [Action] = []
        for (index, item) in try list("actions").enumerated() {
            let steps = (item["steps"] as? [[String: Any]]) ?? []
            actions.append(
                Action(
                    id: try id(item, "usage.actions[\(index)]"), name: (item["name"] as? String) ?? "",
                    steps: steps.compactMap { $0["event"] as? String }))
        }
        var counts: [String: Int] = [:]
        if let raw = object["query_counts"] {
            guard let given = raw as? [String: Int] else { throw UsageDataError("usage.query_counts: expected event names and counts") }
            counts = given
        }
        return UsageData(insights: insights, dashboards: dashboards, actions: actions, queryCounts: counts)
    }
}

/// Why a snapshot's `usage` object could not be read.
public struct UsageDataError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and where.
    public let description: String
    /// Creates one.
    public init(_ description: String) { self.description = description }
}
