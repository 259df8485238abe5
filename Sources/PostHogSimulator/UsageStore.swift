import Foundation

/// Saved insights and actions, as PostHog keeps them (posthog-api-2.md §4.12–§4.13): each insight's
/// `query_metadata.events` rebuilt whenever its query is saved, from the query only, so that an insight with
/// nothing but legacy `filters` never matches `?events=`.
actor UsageStore {
    // The JSON they hold is what JSONSerialization parsed: immutable trees, never mutated after parsing.
    struct Insight: @unchecked Sendable {
        var id: Int
        var shortID: String
        var name: String?
        var description: String?
        var query: Any?
        var filters: [String: Any]
        var saved: Bool
        var dashboards: [Int]
        var deleted: Bool
        var createdAt: Micros
        var lastModifiedAt: Micros
        var metadataEvents: [String]
    }

    struct Action: @unchecked Sendable {
        var id: Int
        var name: String
        var steps: [[String: Any]]
        var createdAt: Micros
        var stepEvents: [String] { steps.compactMap { $0["event"] as? String } }
    }

    var insights: [Insight] = []
    var actions: [Action] = []
    var dashboards: [SimDashboard] = []
    /// Each insight's JSON as the list renders it, made once and dropped when the insight or its tiles change
    /// (a list of thousands is mostly the same bytes page after page).
    var renderedInsights: [Int: [UInt8]] = [:]
    var nextTileID = 1
    var nextTextID = 1
    /// `snapshot` cache keys and when each expires (§4.7: 1,800 s).
    var snapshotKeys: [String: (expires: Micros, dashboard: Int)] = [:]
    let now: () -> Micros

    init(
        now: @escaping @Sendable () -> Micros,
        generated: (actions: [Action], insights: [Insight], dashboards: [SimDashboard]) = ([], [], [])
    ) {
        self.now = now
        actions = generated.actions
        insights = generated.insights
        dashboards = generated.dashboards
        nextTileID = (generated.dashboards.flatMap { $0.tiles.map(\.id) }.max() ?? 0) + 1
    }

    /// Replaces everything with `generated` (start-up and `/_sim/reset`).
    func reset(to generated: (actions: [Action], insights: [Insight], dashboards: [SimDashboard])) { load(generated) }

    private func load(_ generated: (actions: [Action], insights: [Insight], dashboards: [SimDashboard])) {
        actions = generated.actions
        insights = generated.insights
        dashboards = generated.dashboards
        nextTileID = (generated.dashboards.flatMap { $0.tiles.map(\.id) }.max() ?? 0) + 1
        nextTextID = 1
        snapshotKeys = [:]
        renderedInsights = [:]
    }

    /// One page of `GET /insights/`: how many match, and the page's insights as JSON.
    func insightPage(saved: Bool?, events: [String], offset: Int, limit: Int) -> (count: Int, items: [[UInt8]]) {
        let found = listInsights(saved: saved, events: events)
        guard offset < found.count else { return (found.count, []) }
        var items: [[UInt8]] = []
        for insight in found[offset..<min(found.count, offset + limit)] {
            if let cached = renderedInsights[insight.id] {
                items.append(cached)
            } else {
                let bytes = SimulatorHandler.bytes(SimulatorHandler.json(insight))
                renderedInsights[insight.id] = bytes
                items.append(bytes)
            }
        }
        return (found.count, items)
    }

    // MARK: - Actions

    func createAction(_ body: [String: Any]) throws(APIError) -> Action {
        guard let name = body["name"] as? String, !name.isEmpty else {
            throw .validation("This field is required.", attr: "name", code: "required")
        }
        var steps: [[String: Any]] = []
        if let given = body["steps"] {
            guard let list = given as? [[String: Any]] else {
                throw .validation("Expected a list of items.", attr: "steps", code: "not_a_list")
            }
            steps = list
        }
        let action = Action(id: (actions.last?.id ?? 0) + 1, name: name, steps: steps, createdAt: now())
        actions.append(action)
        // PostHog rebuilds the metadata of insights that use an action when its steps change; a new action has none yet.
        return action
    }

    func action(_ id: Int) throws(APIError) -> Action {
        guard let found = actions.first(where: { $0.id == id }) else { throw .notFound() }
        return found
    }

    // MARK: - Insights

    func createInsight(_ body: [String: Any]) throws(APIError) -> Insight {
        let id = (insights.last?.id ?? 0) + 1
        var insight = Insight(
            id: id, shortID: String(format: "i%07d", id), name: nil, description: nil, query: nil, filters: [:], saved: false,
            dashboards: [], deleted: false, createdAt: now(), lastModifiedAt: now(), metadataEvents: [])
        let placed = try apply(body, to: &insight)
        insights.append(insight)
        if let placed { place(insight: id, on: placed) }
        return try self.insight(id)
    }

    func updateInsight(_ id: Int, _ body: [String: Any]) throws(APIError) -> Insight {
        guard let index = insights.firstIndex(where: { $0.id == id && !$0.deleted }) else { throw .notFound() }
        var insight = insights[index]
        let placed = try apply(body, to: &insight)
        insight.lastModifiedAt = now()
        insights[index] = insight
        renderedInsights[id] = nil
        if let placed { place(insight: id, on: placed) }
        return insights[index]
    }

    func insight(_ id: Int) throws(APIError) -> Insight {
        guard let found = insights.first(where: { $0.id == id && !$0.deleted }) else { throw .notFound() }
        return found
    }

    /// The list as `GET /insights/` filters it: not deleted; `saved`; every name of `events` in `query_metadata`.
    func listInsights(saved: Bool?, events: [String]) -> [Insight] {
        insights.filter { insight in
            !insight.deleted && (saved.map { insight.saved == $0 } ?? true) && events.allSatisfy { insight.metadataEvents.contains($0) }
        }
    }

    /// Applies a create or update body; returns the dashboards it asks the insight to be on (nil: unchanged),
    /// which tiles carry (PostHog attaches insights from the insight side, §4.3).
    private func apply(_ body: [String: Any], to insight: inout Insight) throws(APIError) -> [Int]? {
        var placed: [Int]?
        if let name = body["name"] { insight.name = name as? String }
        if let description = body["description"] { insight.description = description as? String }
        if let saved = body["saved"] {
            guard let flag = saved as? Bool else { throw .validation("Must be a valid boolean.", attr: "saved") }
            insight.saved = flag
        }
        if let dashboards = body["dashboards"] {
            guard let ids = dashboards as? [Int] else {
                throw .validation("Expected a list of items.", attr: "dashboards", code: "not_a_list")
            }
            for id in ids where !self.dashboards.contains(where: { $0.id == id && !$0.deleted }) {
                throw .validation("Invalid pk \"\(id)\" - object does not exist.", attr: "dashboards", code: "does_not_exist")
            }
            placed = ids
        }
        if let filters = body["filters"] {
            guard let object = filters as? [String: Any] else { throw .validation("Filters must be a dictionary", attr: "filters") }
            insight.filters = object
        }
        if let deleted = body["deleted"] as? Bool { insight.deleted = deleted }
        if let query = body["query"] {
            if query is NSNull {
                insight.query = nil
            } else {
                guard let object = query as? [String: Any], object["kind"] is String else {
                    throw .validation("The query is not a valid query node: it needs a 'kind'.", attr: "query")
                }
                insight.query = object
            }
            // Rebuilt on every save that changes the query, from the query alone.
            insight.metadataEvents = Self.metadataEvents(insight.query, actions: actions)
        }
        return placed
    }

    /// PostHog's `query_metadata.events`: EventsNode, ActionsNode through the action's steps, GroupNode children,
    /// funnel exclusions, retention entities, Paths' event types and non-URL exclusions, EventsQuery.
    static func metadataEvents(_ query: Any?, actions: [Action]) -> [String] {
        var found: [String] = []
        func add(_ name: String) { if !found.contains(name) { found.append(name) } }
        func action(_ value: Any?) {
            let id = (value as? Int) ?? (value as? String).flatMap { Int($0) }
            for event in actions.first(where: { $0.id == id })?.stepEvents ?? [] { add(event) }
        }
        func visit(_ value: Any?) {
            guard let node = value as? [String: Any] else { return }
            switch node["kind"] as? String {
            case "InsightVizNode", "DataTableNode", "DataVisualizationNode": visit(node["source"])
            case "EventsNode", "FunnelExclusionEventsNode", "EventsQuery": if let event = node["event"] as? String { add(event) }
            case "ActionsNode", "FunnelExclusionActionsNode": action(node["id"])
            case "GroupNode": for child in (node["nodes"] as? [Any]) ?? [] { visit(child) }
            default:
                for series in (node["series"] as? [Any]) ?? [] { visit(series) }
                for exclusion in ((node["funnelsFilter"] as? [String: Any])?["exclusions"] as? [Any]) ?? [] { visit(exclusion) }
                let retention = node["retentionFilter"] as? [String: Any]
                for key in ["targetEntity", "returningEntity"] {
                    guard let entity = retention?[key] as? [String: Any] else { continue }
                    if entity["type"] as? String == "actions" {
                        action(entity["id"])
                    } else if let event = entity["id"] as? String {
                        add(event)
                    }
                }
                let paths = node["pathsFilter"] as? [String: Any]
                for type in (paths?["includeEventTypes"] as? [String]) ?? [] where type == "$pageview" || type == "$screen" { add(type) }
                for event in (paths?["excludeEvents"] as? [String]) ?? [] where !event.hasPrefix("/") && !event.contains("://") {
                    add(event)
                }
            }
        }
        visit(query)
        return found
    }
}
