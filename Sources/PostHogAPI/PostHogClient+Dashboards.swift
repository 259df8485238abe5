import Foundation

/// Dashboards and the insights on them (posthog-api-2.md §4.3–§4.10): what tagging at-risk dashboards and
/// `steward publish` send. Several of these actions have no scopes in PostHog, so a personal key is refused
/// them (403 "This action does not support personal API key access"); callers fall back where PostHog allows.
extension PostHogClient {
    /// One dashboard as `GET …/dashboards/{id}/` renders it, reduced to what Steward reads.
    public struct DashboardRecord: Sendable, Equatable {
        /// One tile.
        public struct Tile: Sendable, Equatable {
            /// The tile id.
            public var id: Int
            /// The insight on it, if any.
            public var insightID: Int?
            /// That insight's name.
            public var insightName: String?
            /// Its text body, for a text tile.
            public var text: String?
            /// The error PostHog attached when the insight's query does not validate.
            public var error: String?
        }
        /// The id.
        public var id: Int
        /// The name.
        public var name: String
        /// The description.
        public var description: String
        /// Its tags.
        public var tags: [String]
        /// Its tiles, in PostHog's order (by layout).
        public var tiles: [Tile]
    }

    /// One insight tile as `run_insights` computed it.
    public struct TileRun: Sendable, Equatable {
        /// The tile id.
        public var tileID: Int
        /// The insight id.
        public var insightID: Int?
        /// The insight's name.
        public var name: String?
        /// Why it failed to compute, nil when it has a result.
        public var error: String?
    }

    /// `GET …/dashboards/{id}/`.
    public func dashboard(id: Int) async throws(PostHogAPIError) -> DashboardRecord {
        try Self.dashboardRecord(try await json("GET", resource: "dashboards", path: "\(id)/"))
    }

    /// `POST …/dashboards/` → 201.
    public func createDashboard(_ fields: [String: Any]) async throws(PostHogAPIError) -> DashboardRecord {
        try Self.dashboardRecord(try await json("POST", resource: "dashboards", body: fields))
    }

    /// `PATCH …/dashboards/{id}/` (fields, tiles, `deleted` for a soft delete).
    public func patchDashboard(id: Int, _ fields: [String: Any]) async throws(PostHogAPIError) -> DashboardRecord {
        try Self.dashboardRecord(try await json("PATCH", resource: "dashboards", path: "\(id)/", body: fields))
    }

    /// `POST …/dashboards/create_from_template_json/` → 200 with the dashboard.
    public func createDashboard(template: [String: Any]) async throws(PostHogAPIError) -> DashboardRecord {
        try Self.dashboardRecord(
            try await json("POST", resource: "dashboards", path: "create_from_template_json/", body: ["template": template]))
    }

    /// `POST …/dashboards/{id}/reorder_tiles/` with the tiles in order.
    public func reorderTiles(dashboard id: Int, order: [Int], layout: String? = nil) async throws(PostHogAPIError) -> DashboardRecord {
        var body: [String: Any] = ["tile_order": order]
        if let layout { body["layout"] = layout }
        return try Self.dashboardRecord(try await json("POST", resource: "dashboards", path: "\(id)/reorder_tiles/", body: body))
    }

    /// `GET …/dashboards/{id}/run_insights/?output_format=json` (scope `query:read`).
    public func runInsights(dashboard id: Int) async throws(PostHogAPIError) -> [TileRun] {
        let data = try await json("GET", resource: "dashboards", path: "\(id)/run_insights/", query: [("output_format", "json")])
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let results = object["results"] as? [[String: Any]]
        else { throw .badResponse("run_insights answered without results") }
        return results.compactMap { item in
            guard let tile = item["id"] as? Int else { return nil }
            let insight = item["insight"] as? [String: Any]
            var error = (item["error"] as? [String: Any])?["message"] as? String
            if error == nil, insight?["result"] == nil || insight?["result"] is NSNull { error = "no result" }
            return TileRun(tileID: tile, insightID: insight?["id"] as? Int, name: insight?["name"] as? String, error: error)
        }
    }

    /// `POST …/insights/` → the new insight's id.
    public func createInsight(_ fields: [String: Any]) async throws(PostHogAPIError) -> Int {
        let data = try await json("POST", resource: "insights", body: fields)
        guard let id = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? Int else {
            throw .badResponse("the new insight has no id")
        }
        return id
    }

    /// `PATCH …/insights/{id}/`.
    public func patchInsight(id: Int, _ fields: [String: Any]) async throws(PostHogAPIError) {
        _ = try await json("PATCH", resource: "insights", path: "\(id)/", body: fields)
    }

    /// `POST …/dashboards/bulk_update_tags/` (integer ids; no scopes in PostHog, so personal keys are most
    /// likely refused). Returns the ids updated and those skipped with PostHog's reason.
    public func bulkUpdateDashboardTags(ids: [Int], action: String, tags: [String]) async throws(PostHogAPIError) -> (
        updated: [Int: [String]], skipped: [Int: String]
    ) {
        precondition(ids.count <= Self.bulkMaxIDs && tags.count <= Self.bulkMaxTags)
        let data = try await json(
            "POST", resource: "dashboards", path: "bulk_update_tags/", body: ["ids": ids, "action": action, "tags": tags])
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .badResponse("bulk_update_tags answered something that is not an object")
        }
        var updated: [Int: [String]] = [:]
        for item in (object["updated"] as? [[String: Any]]) ?? [] {
            if let id = item["id"] as? Int { updated[id] = (item["tags"] as? [String]) ?? [] }
        }
        var skipped: [Int: String] = [:]
        for item in (object["skipped"] as? [[String: Any]]) ?? [] {
            if let id = item["id"] as? Int { skipped[id] = (item["reason"] as? String) ?? "skipped" }
        }
        return (updated, skipped)
    }

    /// One JSON request to any resource of the project; the 2xx body.
    func json(
        _ method: String, resource: String, path: String = "", query: [(String, String)] = [], body: [String: Any]? = nil
    ) async throws(PostHogAPIError) -> Data {
        let bytes = body.map { (try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])) ?? Data("{}".utf8) }
        let outcome = try await request(method, path: path, query: query, body: bytes, resource: resource) { data in data }
        guard case .value(let data) = outcome else { throw .badResponse("no answer from PostHog") }
        return data
    }

    static func dashboardRecord(_ data: Data) throws(PostHogAPIError) -> DashboardRecord {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let id = object["id"] as? Int else {
            throw .badResponse("a dashboard without an id")
        }
        let tiles = ((object["tiles"] as? [[String: Any]]) ?? []).compactMap { tile -> DashboardRecord.Tile? in
            guard let tileID = tile["id"] as? Int else { return nil }
            let insight = tile["insight"] as? [String: Any]
            return DashboardRecord.Tile(
                id: tileID, insightID: insight?["id"] as? Int, insightName: insight?["name"] as? String,
                text: (tile["text"] as? [String: Any])?["body"] as? String, error: (tile["error"] as? [String: Any])?["message"] as? String)
        }
        return DashboardRecord(
            id: id, name: (object["name"] as? String) ?? "", description: (object["description"] as? String) ?? "",
            tags: (object["tags"] as? [String]) ?? [], tiles: tiles)
    }
}

extension PostHogAPIError {
    /// Whether PostHog refused the action to personal API keys altogether (an action it gives no scopes), as
    /// opposed to a scope this key lacks.
    public var refusesPersonalKeys: Bool {
        guard case .projectForbidden(let detail) = self else { return false }
        return detail.lowercased().contains("does not support personal api key access")
    }
}
