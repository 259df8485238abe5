import Foundation
import StewardCore

/// Saved insights, dashboards and actions, for what depends on each event (posthog-api-2.md §4.2, §4.13): read
/// in pages of 100 within the key's request budget (after the first page, up to four in flight), each insight
/// kept with the JSON PostHog sent for its query and filters (decoded by StewardCore).
extension PostHogClient {
    /// Every saved insight (`GET …/insights/?saved=true`), page by page, read from the bytes (each query and
    /// filters kept as sent).
    public func savedInsights(
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(PostHogAPIError) -> [UsageIndex.Insight] {
        try await pages(
            resource: "insights", query: [("saved", "true")], progress: progress,
            fast: { data in FastDefinitionDecoder.insightPage(data).map { ($0.insights, $0.count ?? -1, $0.more) } }
        ) { item in
            guard let id = item["id"] as? Int else { return nil }
            func json(_ value: Any?) -> Data? {
                guard let value, !(value is NSNull) else { return nil }
                if let object = value as? [String: Any], object.isEmpty { return nil }
                return try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
            }
            return UsageIndex.Insight(
                id: id, name: item["name"] as? String, dashboards: (item["dashboards"] as? [Int]) ?? [], query: json(item["query"]),
                filters: json(item["filters"]))
        }
    }

    /// Every action with its name and step events (`GET …/actions/`).
    public func actions() async throws(PostHogAPIError) -> [UsageData.Action] {
        try await pages(resource: "actions", query: []) { item in
            guard let id = item["id"] as? Int else { return nil }
            let steps = (item["steps"] as? [[String: Any]]) ?? []
            return UsageData.Action(id: id, name: (item["name"] as? String) ?? "", steps: steps.compactMap { $0["event"] as? String })
        }
    }

    /// Every dashboard that is not deleted (`GET …/dashboards/`, the basic serializer: id, name, tags).
    public func dashboards(query: [(String, String)] = []) async throws(PostHogAPIError) -> [UsageData.Dashboard] {
        try await pages(resource: "dashboards", query: query) { item in
            guard let id = item["id"] as? Int, item["deleted"] as? Bool != true else { return nil }
            return UsageData.Dashboard(id: id, name: (item["name"] as? String) ?? "", tags: (item["tags"] as? [String]) ?? [])
        }
    }

    /// Queries in the last 30 days that referenced a definition's event (`GET …/event_definitions/{id}/metrics/`,
    /// posthog-api-2.md §2.3). PostHog gives this action no scopes, so personal keys most likely get 403.
    public func queryUsage(definitionID: String) async throws(PostHogAPIError) -> Int {
        let outcome = try await request("GET", path: "\(definitionID)/metrics/") { data -> Int in
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an object"))
            }
            return (object["query_usage_30_day"] as? Int) ?? 0
        }
        guard case .value(let count) = outcome else { throw .badResponse("no metrics in PostHog's answer") }
        return count
    }

    /// Reads a `{count, next, results}` list: the first page says how many there are, the rest are fetched up
    /// to four at a time; items come back in PostHog's order.
    func pages<T: Sendable>(
        resource: String, query: [(String, String)], progress: (@Sendable (Int, Int) -> Void)? = nil,
        fast: (@Sendable (Data) -> (items: [T], count: Int, more: Bool)?)? = nil,
        _ item: @escaping @Sendable ([String: Any]) -> T?
    ) async throws(PostHogAPIError) -> [T] {
        let limit = 100
        let first = try await page(resource: resource, query: query, limit: limit, offset: 0, fast: fast, item)
        var found = first.items
        progress?(found.count, max(first.count, found.count))
        guard first.more else { return found }
        guard first.count >= 0 else {
            // No count to plan by: follow the pages one after another.
            var offset = limit
            while true {
                let page = try await page(resource: resource, query: query, limit: limit, offset: offset, fast: fast, item)
                found += page.items
                guard page.more, offset < 10_000_000 else { return found }
                offset += limit
            }
        }
        // Offsets past the count PostHog gave are never asked for; the count is capped like the crawl's.
        let total = min(first.count, 10_000_000)
        let offsets = Array(stride(from: limit, to: total, by: limit))
        var pagesByOffset: [Int: [T]] = [:]
        do {
            try await withThrowingTaskGroup(of: (Int, [T]).self) { group in
                var next = 0
                func launch() {
                    guard next < offsets.count else { return }
                    let offset = offsets[next]
                    next += 1
                    group.addTask {
                        (
                            offset,
                            try await self.page(resource: resource, query: query, limit: limit, offset: offset, fast: fast, item).items
                        )
                    }
                }
                for _ in 0..<4 { launch() }
                while let (offset, items) = try await group.next() {
                    pagesByOffset[offset] = items
                    progress?(pagesByOffset.values.reduce(first.items.count) { $0 + $1.count }, total)
                    launch()
                }
            }
        } catch let error as PostHogAPIError {
            throw error
        } catch {
            throw .badResponse("\(error)")
        }
        for offset in offsets { found += pagesByOffset[offset] ?? [] }
        return found
    }

    private func page<T: Sendable>(
        resource: String, query: [(String, String)], limit: Int, offset: Int,
        fast: (@Sendable (Data) -> (items: [T], count: Int, more: Bool)?)?, _ item: @escaping @Sendable ([String: Any]) -> T?
    ) async throws(PostHogAPIError) -> (items: [T], count: Int, more: Bool) {
        let outcome = try await request(
            "GET", query: query + [("limit", String(limit)), ("offset", String(offset))], resource: resource
        ) { data -> (items: [T], count: Int, more: Bool) in
            if let fast, let page = fast(data) { return page }
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let results = object["results"] as? [[String: Any]]
            else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a list response")) }
            let count = (object["count"] as? Int).map { max(0, $0) } ?? -1
            return (results.compactMap(item), count, !(object["next"] is NSNull) && object["next"] != nil && !results.isEmpty)
        }
        guard case .value(let page) = outcome else { throw .badResponse("no list in PostHog's answer") }
        return page
    }
}
