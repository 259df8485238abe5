import FlyingFox
import Foundation

/// `/dashboards/` (posthog-api-2.md §4.1–§4.11): every action with PostHog's bodies, status codes and errors, and
/// the per-action scopes of personal API keys: the actions PostHog declares no `required_scopes` for answer 403
/// "This action does not support personal API key access" unless the simulator is told they are allowed.
extension SimulatorHandler {
    /// The actions that need `required_scopes` to be reachable by a personal API key, and what they need
    /// when they are (the newest reading, §4.1).
    static let dashboardScopes: [String: String] = [
        "list": "dashboard:read", "retrieve": "dashboard:read", "create": "dashboard:write", "update": "dashboard:write",
        "partial_update": "dashboard:write", "destroy": "dashboard:write", "move_tile": "dashboard:write",
        "copy_tile": "dashboard:write", "reorder_tiles": "dashboard:write", "run_insights": "query:read",
    ]
    /// The actions without `required_scopes`, and the scope they need when the switch lets personal keys in.
    static let unscopedDashboardActions: [String: String] = [
        "stream_tiles": "dashboard:read", "snapshot": "dashboard:write", "analyze_refresh_result": "dashboard:read",
        "create_from_template_json": "dashboard:write", "create_unlisted_dashboard": "dashboard:write",
        "bulk_update_tags": "dashboard:write",
    ]

    func dashboardRoute(_ request: HTTPRequest, parts: [String]) async -> (String, Answer) {
        let rest = Array(parts.dropFirst(4))
        let method = request.method
        var id: Int?
        let action: String
        let collection = ["bulk_update_tags", "create_from_template_json", "create_unlisted_dashboard"]
        switch rest.count {
        case 0: action = method == .POST ? "create" : method == .GET ? "list" : "method"
        case 1 where collection.contains(rest[0]): action = method == .POST ? rest[0] : "method"
        case 1:
            id = Int(rest[0])
            switch method {
            case .GET: action = "retrieve"
            case .PATCH: action = "partial_update"
            case .PUT: action = "update"
            case .DELETE: action = "destroy"
            default: action = "method"
            }
        case 2:
            id = Int(rest[0])
            let allowed: [String: [HTTPMethod]] = [
                "move_tile": [.PATCH, .POST], "copy_tile": [.POST], "reorder_tiles": [.POST], "run_insights": [.GET],
                "snapshot": [.POST], "analyze_refresh_result": [.POST], "stream_tiles": [.GET],
            ]
            guard let methods = allowed[rest[1]] else { return ("other", Answer(.notFound())) }
            action = methods.contains(method) ? rest[1] : "method"
        default:
            return ("other", Answer(.notFound()))
        }
        let label = "\(method.rawValue) dashboards \(action)"
        if action == "method" { return (label, Answer(Self.methodNotAllowed(method))) }
        if rest.count >= 1, !collection.contains(rest[0]), id == nil { return (label, Answer(.notFound())) }
        do throws(APIError) {
            let body: Data = method == .GET ? Data() : ((try? await request.bodyData) ?? Data())
            let key = try await authenticate(request, body: body)
            try authorizeProject(key: key, projectText: parts[2])
            if let scope = Self.dashboardScopes[action] {
                guard key.grants(scope) else { throw APIError.permissionDenied("API key missing required scope '\(scope)'") }
            } else if let scope = Self.unscopedDashboardActions[action] {
                guard configuration.personalKeyDashboardActions else {
                    throw APIError.permissionDenied("This action does not support personal API key access")
                }
                guard key.grants(scope) else { throw APIError.permissionDenied("API key missing required scope '\(scope)'") }
            }
            if let wait = await simulator.limiter.check(key: key.secret, now: Date().timeIntervalSince1970) {
                throw APIError.throttled(wait: wait, retryAfter: configuration.retryAfterOn429)
            }
            _ = try Self.object(body)
            return (label, try await performDashboard(action, id: id, body: body, request: request, userID: key.userID))
        } catch {
            return (label, Answer(error))
        }
    }

    static func methodNotAllowed(_ method: HTTPMethod) -> APIError {
        APIError(
            status: 405, type: "invalid_request", code: "method_not_allowed", detail: "Method \"\(method.rawValue)\" not allowed.",
            attr: nil)
    }

    private func performDashboard(
        _ action: String, id: Int?, body: Data, request: HTTPRequest, userID: Int
    ) async throws(APIError) -> Answer {
        let usage = simulator.usage
        // Parsed afresh for each use, so each actor call is sent a value nothing else holds.
        var object: [String: Any] { (try? Self.object(body)) ?? [:] }
        func full(_ dashboard: SimDashboard, status: Int = 200) async -> Answer {
            Answer(status: status, body: Self.bytes(await dashboardJSON(dashboard, full: true)))
        }
        switch action {
        case "list":
            let query = request.query
            let found = await usage.listDashboards(
                tags: query.filter { $0.name == "tags" }.map(\.value),
                excludeGenerated: query.contains { $0.name == "exclude_generated" && $0.value == "true" },
                creationMode: query.first { $0.name == "creation_mode" }?.value,
                search: try searchTerm(query.first { $0.name == "search" }?.value))
            return page(found, request) { dashboardBasicJSON($0) }
        case "retrieve": return await full(try await usage.dashboard(id!, touch: true))
        case "create": return await full(try await usage.createDashboard(object, userID: userID), status: 201)
        case "partial_update", "update": return await full(try await usage.updateDashboard(id!, object, userID: userID))
        case "destroy":
            _ = try await usage.dashboard(id!)
            // ForbidDestroyModel: 405 with an empty body; soft delete with PATCH {"deleted": true} (§4.3).
            return Answer(status: 405, body: [])
        case "move_tile": return await full(try await usage.moveTile(from: id!, object))
        case "copy_tile": return await full(try await usage.copyTile(to: id!, object))
        case "reorder_tiles":
            switch try await usage.reorderTiles(id!, object) {
            case .success(let dashboard): return await full(dashboard)
            case .failure(.duplicates):
                return Answer(status: 400, json: .object([("detail", .string("tile_order must contain unique tile IDs"))]))
            case .failure(.unknown(let ids)):
                let list = "[" + ids.map(String.init).joined(separator: ", ") + "]"
                return Answer(status: 404, json: .object([("detail", .string("Tile IDs not found on this dashboard: \(list)"))]))
            case .failure(.invalid(let message)): return Answer(status: 400, json: .object([("detail", .string(message))]))
            }
        case "run_insights": return try await runInsights(id!, request: request)
        case "snapshot":
            let key = try await usage.snapshotKey(id!, userID: userID)
            return Answer(status: 200, json: .object([("cache_key", .string(key))]))
        case "analyze_refresh_result":
            guard let key = object["cache_key"] as? String, !key.isEmpty else {
                return Answer(status: 400, json: .object([("error", .string("cache_key is required"))]))
            }
            guard await usage.snapshotLive(key) == id else {
                return Answer(
                    status: 400,
                    json: .object([("error", .string("Analysis context expired or not found. Please refresh the dashboard again."))]))
            }
            return Answer(status: 200, json: .object([("result", .string("No significant changes since the last refresh."))]))
        case "stream_tiles": return try await streamTiles(id!, request: request)
        case "bulk_update_tags": return try await bulkUpdateDashboardTags(body)
        case "create_from_template_json":
            guard let template = object["template"] else { throw APIError.serverError }
            if let problem = Self.templateProblem(template) {
                throw APIError(status: 400, type: "validation_error", code: "invalid_input", detail: problem, attr: nil)
            }
            // 200, not 201 (§4.10).
            return await full(await usage.createFromTemplate(body: body, userID: userID))
        case "create_unlisted_dashboard":
            guard let tag = object["tag"] as? String, !tag.isEmpty else {
                return Answer(status: 400, json: .object([("error", .string("tag is required"))]))
            }
            guard ["llm-analytics", "mcp-analytics"].contains(tag) else {
                return Answer(status: 400, json: .object([("error", .string("Unknown template tag: \(tag)"))]))
            }
            guard let dashboard = await usage.createUnlisted(tag: tag, userID: userID) else {
                return Answer(status: 409, json: .object([("error", .string("Unlisted dashboard with tag '\(tag)' already exists"))]))
            }
            return await full(dashboard, status: 201)
        default:
            throw APIError.notFound()
        }
    }

    private func searchTerm(_ value: String?) throws(APIError) -> String? {
        guard let value else { return nil }
        guard value.count <= 200 else { throw .validation("Search query is too long (more than 200 characters).", attr: "search") }
        return value
    }

    private func bulkUpdateDashboardTags(_ body: Data) async throws(APIError) -> Answer {
        let object = try Self.object(body)
        guard let raw = object["ids"] else { throw .validation("This field is required.", attr: "ids", code: "required") }
        guard let list = raw as? [Any] else {
            throw .validation("Expected a list of items but got type \"\(ProjectStore.typeName(raw))\".", attr: "ids", code: "not_a_list")
        }
        guard !list.isEmpty else { throw .validation("This list may not be empty.", attr: "ids", code: "empty") }
        guard list.count <= 500 else {
            throw .validation("Ensure this field has no more than 500 elements.", attr: "ids", code: "max_length")
        }
        var ids: [Int] = []
        for (index, item) in list.enumerated() {
            guard let id = item as? Int else { throw .validation("A valid integer is required.", attr: "ids__\(index)") }
            ids.append(id)
        }
        let (action, tags) = try Self.bulkTagChange(object, ids: ids.count)
        let (updated, skipped) = await simulator.usage.bulkUpdateDashboardTags(ids: ids, action: action, tags: tags)
        return Answer(
            status: 200,
            json: .object([
                ("updated", .array(updated.map { .object([("id", .int($0.0)), ("tags", .array($0.1.map { .string($0) }))]) })),
                ("skipped", .array(skipped.map { .object([("id", .int($0.0)), ("reason", .string($0.1))]) })),
            ]))
    }

    /// The template's JSON-schema check (§4.10), worded as Python's jsonschema words its first error; nil when
    /// it passes.
    static func templateProblem(_ value: Any) -> String? {
        guard let template = value as? [String: Any] else { return "\(pythonRepr(value)) is not of type 'object'" }
        for key in ["template_name", "dashboard_description", "dashboard_filters", "tiles"] where template[key] == nil {
            return "'\(key)' is a required property"
        }
        for key in ["template_name", "dashboard_description"] where !(template[key] is String) {
            return "\(pythonRepr(template[key]!)) is not of type 'string'"
        }
        if !(template["dashboard_filters"] is [String: Any]) {
            return "\(pythonRepr(template["dashboard_filters"]!)) is not of type 'object'"
        }
        guard let tiles = template["tiles"] as? [Any] else { return "\(pythonRepr(template["tiles"]!)) is not of type 'array'" }
        guard !tiles.isEmpty else { return "[] should be non-empty" }
        for tile in tiles where !(tile is [String: Any]) { return "\(pythonRepr(tile)) is not of type 'object'" }
        if let tags = template["tags"], !(tags is [String]) { return "\(pythonRepr(tags)) is not of type 'array'" }
        if let variables = template["variables"], !(variables is NSNull) {
            guard let list = variables as? [[String: Any]] else { return "\(pythonRepr(variables)) is not of type 'array', 'null'" }
            for variable in list {
                for key in ["id", "name", "type", "default", "description", "required"] where variable[key] == nil {
                    return "'\(key)' is a required property"
                }
                if let type = variable["type"] as? String, !["event", "element"].contains(type) {
                    return "'\(type)' is not one of ['event', 'element']"
                }
            }
        }
        return nil
    }

    private static func pythonRepr(_ value: Any) -> String {
        switch value {
        case is NSNull: return "None"
        case let text as String: return "'\(text)'"
        case let flag as Bool where type(of: value) != Int.self && type(of: value) != Double.self: return flag ? "True" : "False"
        case let number as NSNumber: return number.stringValue
        case let list as [Any]: return "[" + list.map(pythonRepr).joined(separator: ", ") + "]"
        case let object as [String: Any]:
            return "{" + object.keys.sorted().map { "'\($0)': \(pythonRepr(object[$0]!))" }.joined(separator: ", ") + "}"
        default: return "\(value)"
        }
    }

    // MARK: - Results and streams

    /// `run_insights` (§4.6): insight tiles with a query, in `sm` order; legacy-filter insights skipped.
    private func runInsights(_ id: Int, request: HTTPRequest) async throws(APIError) -> Answer {
        let dashboard = try await simulator.usage.dashboard(id)
        let json = request.query.first { $0.name == "output_format" }?.value == "json"
        var results: [[String: Any]] = []
        for (order, tile) in dashboard.liveTiles().enumerated() {
            guard let insightID = tile.insightID, let insight = await simulator.usage.anyInsight(insightID), !insight.deleted,
                let query = insight.query as? [String: Any]
            else { continue }
            var entry: [String: Any] = ["id": tile.id, "order": order]
            var summary: [String: Any] = [
                "id": insight.id, "short_id": insight.shortID, "name": insight.name ?? NSNull(),
                "derived_name": insight.name ?? NSNull(),
            ]
            if let problem = Self.queryProblem(query) {
                summary["result"] = NSNull()
                entry["error"] = ["type": "ValidationError", "message": problem]
            } else {
                let series = await trendSeries(insight.metadataEvents, query: query)
                summary["result"] = json ? series : Self.table(series)
            }
            entry["insight"] = summary
            results.append(entry)
        }
        return Answer(status: 200, body: Self.bytes(["results": results]))
    }

    /// Why a saved query cannot be computed, nil when it can.
    static func queryProblem(_ query: [String: Any]) -> String? {
        let known = ["TrendsQuery", "FunnelsQuery", "RetentionQuery", "PathsQuery", "StickinessQuery", "LifecycleQuery", "EventsQuery"]
        let kind = query["kind"] as? String
        let source = (kind == "InsightVizNode" || kind == "DataTableNode" || kind == "DataVisualizationNode") ? query["source"] : query
        guard let inner = source as? [String: Any], let innerKind = inner["kind"] as? String else {
            return "The query has no source node."
        }
        if innerKind == "HogQLQuery" { return nil }
        return known.contains(innerKind) ? nil : "Unknown query kind '\(innerKind)'."
    }

    /// One series per event over the query's date range: a steady daily count up to the day the event was last
    /// seen, flat zero after it (what a dashboard shows for an event that stopped arriving).
    private func trendSeries(_ events: [String], query: [String: Any]) async -> [[String: Any]] {
        let source = (query["source"] as? [String: Any]) ?? query
        let from = ((source["dateRange"] as? [String: Any])?["date_from"] as? String) ?? "-7d"
        let days = max(1, min(365, Int(from.dropFirst().dropLast()) ?? 7))
        let seen = await store.lastSeen(of: events)
        let today = (configuration.now ?? SimTime.now()) / 86_400_000_000
        var series: [[String: Any]] = []
        for event in events {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in event.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            var random = SimRandom(seed: hash ^ configuration.seed)
            let base = 20 + random.int(480)
            let lastDay = seen[event].map { $0 / 86_400_000_000 }
            var data: [Int] = []
            var labels: [String] = []
            for offset in stride(from: days - 1, through: 0, by: -1) {
                let day = today - Int64(offset)
                data.append(lastDay.map { day <= $0 ? base + random.int(base / 4 + 1) : 0 } ?? 0)
                labels.append(Self.dayLabel(day))
            }
            series.append(["label": event, "count": data.reduce(0, +), "data": data, "labels": labels, "action": ["id": event]])
        }
        return series
    }

    private static func dayLabel(_ day: Int64) -> String {
        // PostHog's "1-Nov-2026".
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let (year, month, date) = SimTime.civil(Int(day))
        return "\(date)-\(months[month - 1])-\(year)"
    }

    /// The `optimized` text table (with `|`), as EE renders results for language models.
    private static func table(_ series: [[String: Any]]) -> String {
        var lines = ["Series|Total"]
        for item in series { lines.append("\(item["label"] ?? "")|\(item["count"] ?? 0)") }
        return lines.joined(separator: "\n")
    }

    /// `stream_tiles` (§4.8): `data: <json>\n\n` messages with no `event:` or `id:` lines.
    private func streamTiles(_ id: Int, request: HTTPRequest) async throws(APIError) -> Answer {
        let dashboard = try await simulator.usage.dashboard(id, touch: true)
        let requested = request.query.first { $0.name == "layoutSize" || $0.name == "layout_size" }?.value
        let size = requested == "xs" ? "xs" : "sm"
        let tiles = dashboard.liveTiles(layout: size)
        var metadata = await dashboardJSON(dashboard, full: false)
        var first: [[String: Any]] = []
        for (order, tile) in tiles.prefix(2).enumerated() { first.append(await tileJSON(tile, order: order)) }
        metadata["tiles"] = first
        var messages: [[String: Any]] = [["type": "metadata", "dashboard": metadata]]
        for (offset, tile) in tiles.dropFirst(2).enumerated() {
            messages.append(["type": "tile", "order": offset + 2, "tile": await tileJSON(tile, order: offset + 2)])
        }
        messages.append(["type": "complete"])
        var body: [UInt8] = []
        for message in messages { body += Array("data: ".utf8) + Self.bytes(message) + Array("\n\n".utf8) }
        var answer = Answer(status: 200, body: body, headers: [("Cache-Control", "no-cache")])
        answer.contentType = "text/event-stream"
        return answer
    }

    // MARK: - JSON

    func dashboardJSON(_ dashboard: SimDashboard, full: Bool) async -> [String: Any] {
        var object = dashboardBasicJSON(dashboard)
        guard full else { return object }
        object["filters"] = dashboard.filters
        object["variables"] = [String: Any]()
        object["breakdown_colors"] = [Any]()
        object["data_color_theme_id"] = NSNull()
        object["persisted_filters"] = dashboard.filters
        object["persisted_variables"] = [String: Any]()
        object["quick_filter_ids"] = [Any]()
        var tiles: [[String: Any]] = []
        for (order, tile) in dashboard.liveTiles().enumerated() { tiles.append(await tileJSON(tile, order: order)) }
        object["tiles"] = tiles
        return object
    }

    /// DashboardBasicSerializer's fields (the list's).
    func dashboardBasicJSON(_ dashboard: SimDashboard) -> [String: Any] {
        [
            "id": dashboard.id, "name": dashboard.name, "description": dashboard.description, "pinned": dashboard.pinned,
            "created_at": Self.time(dashboard.createdAt), "created_by": Self.user(dashboard.createdBy),
            "last_accessed_at": dashboard.lastAccessedAt.map(Self.time) ?? NSNull(), "last_viewed_at": NSNull(), "is_shared": false,
            "deleted": dashboard.deleted, "creation_mode": dashboard.creationMode, "tags": dashboard.tags,
            "restriction_level": dashboard.restrictionLevel, "effective_restriction_level": dashboard.restrictionLevel,
            "effective_privilege_level": 37, "user_access_level": "editor", "access_control_version": "v1", "last_refresh": NSNull(),
            "team_id": configuration.projectID,
        ]
    }

    private func tileJSON(_ tile: SimTile, order: Int) async -> [String: Any] {
        var insight: Any = NSNull()
        var error: Any?
        if let id = tile.insightID, let found = await simulator.usage.anyInsight(id) {
            insight = Self.json(found)
            if let query = found.query as? [String: Any], let problem = Self.queryProblem(query) {
                error = ["type": "ValidationError", "message": problem]
            }
        }
        var text: Any = NSNull()
        if let textID = tile.textID {
            text = [
                "id": textID, "body": tile.textBody ?? "", "created_by": NSNull(),
                "last_modified_at": (tile.textModifiedAt.map(Self.time) as Any?) ?? NSNull(), "last_modified_by": NSNull(),
                "team": configuration.projectID, "dashboard_tiles": [tile.id],
            ]
        }
        var object: [String: Any] = [
            "id": tile.id, "insight": insight, "text": text, "button_tile": (tile.button as Any?) ?? NSNull(), "layouts": tile.layouts,
            "color": (tile.color as Any?) ?? NSNull(), "filters_overrides": tile.filtersOverrides,
            "show_description": (tile.showDescription as Any?) ?? NSNull(),
            "transparent_background": (tile.transparentBackground as Any?) ?? NSNull(), "order": order, "last_refresh": NSNull(),
            "is_cached": false,
        ]
        if let error { object["error"] = error }
        return object
    }

    static func user(_ id: Int) -> Any {
        guard let bytes = Member.encoded[id], let object = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return NSNull() }
        return object
    }
}
