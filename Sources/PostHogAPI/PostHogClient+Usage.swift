import Foundation
import StewardCore

/// Saved insights and actions, for what depends on each event (posthog-api-2.md §4.13): read in pages of
/// 100 within the key's request budget, each item kept as the JSON PostHog sent (decoded by StewardCore).
extension PostHogClient {
    /// One saved insight as read: its id, name, dashboards, and its `query` and `filters` as JSON.
    public struct InsightRecord: Sendable {
        /// The insight's id.
        public var id: Int
        /// Its name, when it has one.
        public var name: String?
        /// The dashboards it is on.
        public var dashboards: [Int]
        /// Its `query`, as JSON (nil when null).
        public var query: Data?
        /// Its legacy `filters`, as JSON (nil when empty).
        public var filters: Data?
    }

    /// Every saved insight (`GET …/insights/?saved=true`), page by page.
    public func savedInsights() async throws(PostHogAPIError) -> [InsightRecord] {
        try await pages(resource: "insights", query: [("saved", "true")]) { item in
            guard let id = item["id"] as? Int else { return nil }
            func json(_ value: Any?) -> Data? {
                guard let value, !(value is NSNull) else { return nil }
                if let object = value as? [String: Any], object.isEmpty { return nil }
                return try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            }
            return InsightRecord(
                id: id, name: item["name"] as? String, dashboards: (item["dashboards"] as? [Int]) ?? [], query: json(item["query"]),
                filters: json(item["filters"]))
        }
    }

    /// Every action's step events by action id (`GET …/actions/`).
    public func actionSteps() async throws(PostHogAPIError) -> [Int: [String]] {
        let actions: [(Int, [String])] = try await pages(resource: "actions", query: []) { item in
            guard let id = item["id"] as? Int else { return nil }
            let steps = (item["steps"] as? [[String: Any]]) ?? []
            return (id, steps.compactMap { $0["event"] as? String })
        }
        return Dictionary(actions, uniquingKeysWith: { first, _ in first })
    }

    /// Follows `offset` over a `{count, next, results}` list until a page comes back short or `next` is null.
    private func pages<T: Sendable>(
        resource: String, query: [(String, String)], _ item: @escaping @Sendable ([String: Any]) -> T?
    ) async throws(PostHogAPIError) -> [T] {
        let limit = 100
        var offset = 0
        var found: [T] = []
        while true {
            let outcome = try await request(
                "GET", query: query + [("limit", String(limit)), ("offset", String(offset))], resource: resource
            ) { data -> (items: [T], more: Bool) in
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                    let results = object["results"] as? [[String: Any]]
                else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a list response")) }
                return (results.compactMap(item), !(object["next"] is NSNull) && object["next"] != nil && !results.isEmpty)
            }
            guard case .value(let page) = outcome else { throw .badResponse("no list in PostHog's answer") }
            found += page.items
            guard page.more, offset < 10_000_000 else { return found }
            offset += limit
        }
    }
}
