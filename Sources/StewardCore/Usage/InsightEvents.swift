import Foundation

/// The events a saved insight charts, read from its JSON the way PostHog builds `query_metadata.events`
/// (posthog-api-2.md §4.12–§4.13), and one way more: an insight that still has only legacy `filters`
/// charts its events too, although PostHog's `?events=` filter never finds it.
///
/// Events come from `EventsNode.event`; `ActionsNode` through the action's step events; `GroupNode`
/// children; funnel exclusions; retention entities; Paths' `includeEventTypes` and non-URL
/// `excludeEvents`; `EventsQuery.event`; and, in legacy filters, `events`, `actions`, funnel
/// `exclusions` and retention entities. A node whose `event` is null means every event.
public struct InsightEvents: Sendable, Equatable {
    /// The event names referenced.
    public var events: Set<String> = []
    /// Whether a series counts every event (`"event": null`).
    public var allEvents = false
    /// Actions referenced whose steps are not known (the action was not read, or has no event steps).
    public var unknownActions: Set<Int> = []
    /// Whether the insight had a `query` or `filters` that could not be read as either.
    public var unreadable = false

    /// Nothing referenced.
    public init() {}

    /// Reads an insight's `query` and `filters` (as JSONSerialization gives them); `actionSteps` maps an
    /// action id to its steps' event names.
    public init(query: Any?, filters: Any?, actionSteps: [Int: [String]]) {
        var found = InsightEvents()
        if let query = query as? [String: Any] {
            found.node(query, actionSteps)
        } else if query != nil, !(query is NSNull) {
            found.unreadable = true
        }
        if let filters = filters as? [String: Any], !filters.isEmpty { found.legacy(filters, actionSteps) }
        self = found
    }

    private mutating func node(_ node: [String: Any], _ actions: [Int: [String]]) {
        switch node["kind"] as? String {
        case "InsightVizNode", "DataTableNode", "DataVisualizationNode":
            if let source = node["source"] as? [String: Any] { self.node(source, actions) }
        case "EventsNode", "FunnelExclusionEventsNode":
            event(node["event"])
        case "ActionsNode", "FunnelExclusionActionsNode":
            action(node["id"], actions)
        case "GroupNode":
            for child in (node["nodes"] as? [[String: Any]]) ?? [] { self.node(child, actions) }
        case "EventsQuery":
            if let name = node["event"] as? String { events.insert(name) }
        case "TrendsQuery", "FunnelsQuery", "StickinessQuery", "LifecycleQuery", "RetentionQuery", "PathsQuery":
            for series in (node["series"] as? [[String: Any]]) ?? [] { self.node(series, actions) }
            let funnels = node["funnelsFilter"] as? [String: Any]
            for exclusion in (funnels?["exclusions"] as? [[String: Any]]) ?? [] { self.node(exclusion, actions) }
            let retention = node["retentionFilter"] as? [String: Any]
            for key in ["targetEntity", "returningEntity"] {
                if let entity = retention?[key] as? [String: Any] { self.entity(entity, actions) }
            }
            let paths = node["pathsFilter"] as? [String: Any]
            for type in (paths?["includeEventTypes"] as? [String]) ?? [] {
                switch type {
                case "$pageview": events.insert("$pageview")
                case "$screen": events.insert("$screen")
                case "custom_event": allEvents = true
                default: break
                }
            }
            for excluded in (paths?["excludeEvents"] as? [String]) ?? [] where !excluded.hasPrefix("/") && !excluded.contains("://") {
                events.insert(excluded)
            }
        case nil:
            unreadable = true
        default:
            break
        }
    }

    /// `{"id", "type": "events" | "actions"}`, as retention entities and legacy filters write them.
    private mutating func entity(_ entity: [String: Any], _ actions: [Int: [String]]) {
        if (entity["type"] as? String) == "actions" {
            action(entity["id"], actions)
        } else {
            event(entity["id"])
        }
    }

    /// A node's event: a name, or (null or missing) every event.
    private mutating func event(_ value: Any?) {
        if let name = value as? String { events.insert(name) } else { allEvents = true }
    }

    private mutating func action(_ value: Any?, _ actions: [Int: [String]]) {
        let id = (value as? Int) ?? (value as? String).flatMap { Int($0) }
        guard let id else {
            unreadable = true
            return
        }
        guard let steps = actions[id], !steps.isEmpty else {
            unknownActions.insert(id)
            return
        }
        events.formUnion(steps)
    }

    private mutating func legacy(_ filters: [String: Any], _ actions: [Int: [String]]) {
        for entity in (filters["events"] as? [[String: Any]]) ?? [] { self.entity(entity.merging(["type": "events"]) { $1 }, actions) }
        for entity in (filters["actions"] as? [[String: Any]]) ?? [] { self.entity(entity.merging(["type": "actions"]) { $1 }, actions) }
        for entity in (filters["exclusions"] as? [[String: Any]]) ?? [] { self.entity(entity, actions) }
        for key in ["target_entity", "returning_entity"] {
            if let entity = filters[key] as? [String: Any] { self.entity(entity, actions) }
        }
    }
}
