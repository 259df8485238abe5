import Foundation

/// Dashboards and their tiles (posthog-api-2.md §4.2–§4.11): soft delete, tile upserts, move/copy/reorder with
/// PostHog's layout maths, bulk tags, templates and unlisted dashboards. Insights are placed from the insight
/// side; each insight's `dashboards` is rebuilt from the live tiles after every change to them.
extension UsageStore {
    // MARK: - Reading

    /// `GET /dashboards/`: not deleted, unlisted only when `creationMode` asks for it, `tags` OR'd, ordered
    /// `-pinned, name`.
    func listDashboards(tags: [String], excludeGenerated: Bool, creationMode: String?, search: String?) -> [SimDashboard] {
        dashboards.filter { dashboard in
            guard !dashboard.deleted else { return false }
            if let creationMode {
                guard dashboard.creationMode == creationMode else { return false }
            } else if dashboard.creationMode == "unlisted" {
                return false
            }
            if !tags.isEmpty, !dashboard.tags.contains(where: tags.contains) { return false }
            if excludeGenerated, dashboard.creationMode == "template" { return false }
            if let search, !search.isEmpty {
                let needle = search.lowercased()
                guard
                    dashboard.name.lowercased().contains(needle) || dashboard.description.lowercased().contains(needle)
                        || dashboard.tags.contains(where: { $0.contains(needle) })
                else { return false }
            }
            return true
        }.sorted { ($0.pinned ? 0 : 1, $0.name, $0.id) < ($1.pinned ? 0 : 1, $1.name, $1.id) }
    }

    /// A dashboard that is not deleted; retrieving it writes `last_accessed_at` (§4.3).
    func dashboard(_ id: Int, touch: Bool = false) throws(APIError) -> SimDashboard {
        guard let index = dashboards.firstIndex(where: { $0.id == id && !$0.deleted }) else { throw .notFound() }
        if touch { dashboards[index].lastAccessedAt = now() }
        return dashboards[index]
    }

    /// An insight by id, deleted or not (tiles render what they hold).
    func anyInsight(_ id: Int) -> Insight? { insights.first { $0.id == id } }

    // MARK: - Writing

    /// `POST /dashboards/` → 201 (§4.3).
    func createDashboard(_ body: [String: Any], userID: Int) throws(APIError) -> SimDashboard {
        if body["use_dashboard"] != nil, body["use_template"] != nil {
            throw .validation("`use_dashboard` and `use_template` cannot be used together", attr: nil)
        }
        if let template = body["use_template"] as? String, !template.isEmpty {
            throw .validation("Invalid template provided: \(template)", attr: "use_template")
        }
        var dashboard = newDashboard(userID: userID, creationMode: "default")
        var source: SimDashboard?
        if let raw = body["use_dashboard"], !(raw is NSNull) {
            guard let id = raw as? Int, let found = dashboards.first(where: { $0.id == id && !$0.deleted }) else {
                throw .validation("Invalid value provided", attr: "use_dashboard")
            }
            source = found
            dashboard.creationMode = "duplicate"
        }
        try applyFields(body, to: &dashboard, creating: true)
        if let source {
            dashboard.filters = source.filters
            for tile in source.liveTiles() {
                var copy = tile
                copy.id = takeTileID()
                if copy.textBody != nil { copy.textID = takeTextID() }
                if let insight = tile.insightID, body["duplicate_tiles"] as? Bool == true,
                    let original = insights.first(where: { $0.id == insight })
                {
                    var duplicate = original
                    duplicate.id = (insights.last?.id ?? 0) + 1
                    duplicate.shortID = String(format: "i%07d", duplicate.id)
                    duplicate.name = original.name.map { "\($0) (Copy)" }
                    insights.append(duplicate)
                    copy.insightID = duplicate.id
                }
                dashboard.tiles.append(copy)
            }
        }
        dashboards.append(dashboard)
        relink()
        return dashboard
    }

    /// `PATCH /dashboards/{id}/` (§4.3): fields, `deleted` (soft delete, `delete_insights`), tile upserts.
    func updateDashboard(_ id: Int, _ body: [String: Any], userID: Int) throws(APIError) -> SimDashboard {
        // A deleted dashboard can be restored, so the update finds it either way.
        guard let index = dashboards.firstIndex(where: { $0.id == id }) else { throw .notFound() }
        var dashboard = dashboards[index]
        if dashboard.deleted, body["deleted"] as? Bool != false { throw .notFound() }
        try applyFields(body, to: &dashboard, creating: false)
        if let deleted = body["deleted"] {
            guard let flag = deleted as? Bool else { throw .validation("Must be a valid boolean.", attr: "deleted") }
            dashboard.deleted = flag
            if flag, body["delete_insights"] as? Bool == true {
                let elsewhere = Set(
                    dashboards.filter { $0.id != id && !$0.deleted }.flatMap { $0.liveTiles().compactMap(\.insightID) })
                for tile in dashboard.tiles where !tile.deleted {
                    guard let insight = tile.insightID, !elsewhere.contains(insight),
                        let at = insights.firstIndex(where: { $0.id == insight })
                    else { continue }
                    insights[at].deleted = true
                    renderedInsights[insight] = nil
                }
            }
        }
        if let tiles = body["tiles"] {
            guard let list = tiles as? [[String: Any]] else {
                throw .validation("Expected a list of items.", attr: "tiles", code: "not_a_list")
            }
            for item in list { try upsert(tile: item, into: &dashboard) }
        }
        dashboards[index] = dashboard
        relink()
        return dashboard
    }

    private func applyFields(_ body: [String: Any], to dashboard: inout SimDashboard, creating: Bool) throws(APIError) {
        if let name = body["name"] {
            guard let text = name as? String else { throw .validation("Not a valid string.", attr: "name") }
            guard text.count <= 400 else {
                throw .validation("Ensure this field has no more than 400 characters.", attr: "name", code: "max_length")
            }
            dashboard.name = text
        }
        if let description = body["description"] {
            guard let text = description as? String else { throw .validation("Not a valid string.", attr: "description") }
            dashboard.description = text
        }
        if let pinned = body["pinned"] {
            guard let flag = pinned as? Bool else { throw .validation("Must be a valid boolean.", attr: "pinned") }
            dashboard.pinned = flag
        }
        if let filters = body["filters"] {
            guard let object = filters as? [String: Any] else { throw .validation("Filters must be a dictionary", attr: "filters") }
            dashboard.filters = object
        }
        if let level = body["restriction_level"] {
            guard let value = level as? Int, [21, 37].contains(value) else {
                throw .validation("\"\(level)\" is not a valid choice.", attr: "restriction_level", code: "invalid_choice")
            }
            dashboard.restrictionLevel = value
        }
        if let tags = body["tags"] { dashboard.tags = try ProjectStore.cleanTags(tags) }
    }

    /// One item of `tiles`: a new text or button tile, or changes to an existing tile by id (`insight` ignored).
    private func upsert(tile item: [String: Any], into dashboard: inout SimDashboard) throws(APIError) {
        var body: String?
        if let text = item["text"] {
            guard let object = text as? [String: Any], let value = object["body"] as? String else {
                throw .validation("Text tiles need a body.", attr: "tiles")
            }
            guard value.count <= 4_000 else { throw .validation("Text body cannot exceed 4000 characters", attr: "tiles") }
            body = value
        }
        if let id = item["id"] {
            guard let tileID = id as? Int, let index = dashboard.tiles.firstIndex(where: { $0.id == tileID }) else {
                throw .validation("Tile not found on this dashboard.", attr: "tiles")
            }
            var tile = dashboard.tiles[index]
            if let layouts = item["layouts"] as? [String: Any] { tile.layouts = layouts }
            if let color = item["color"] { tile.color = color as? String }
            if let deleted = item["deleted"] as? Bool { tile.deleted = deleted }
            if let overrides = item["filters_overrides"] as? [String: Any] { tile.filtersOverrides = overrides }
            if let show = item["show_description"] { tile.showDescription = show as? Bool }
            if let transparent = item["transparent_background"] { tile.transparentBackground = transparent as? Bool }
            if let body, tile.textID != nil {
                tile.textBody = body
                tile.textModifiedAt = now()
            }
            dashboard.tiles[index] = tile
            return
        }
        var tile = SimTile(
            id: takeTileID(), layouts: (item["layouts"] as? [String: Any]) ?? [:], color: item["color"] as? String)
        if let body {
            tile.textID = takeTextID()
            tile.textBody = body
            tile.textModifiedAt = now()
        } else if let button = item["button_tile"] as? [String: Any] {
            tile.button = button.merging(["id": takeTextID()]) { given, _ in given }
        } else {
            throw .validation("A new tile needs a text or a button_tile.", attr: "tiles")
        }
        dashboard.tiles.append(tile)
    }

    /// Puts an insight on exactly `ids` (new tiles, 6×5 wherever PostHog's front end would place them; tiles
    /// on dashboards left out are deleted).
    func place(insight: Int, on ids: [Int]) {
        for index in dashboards.indices where !dashboards[index].deleted {
            let wanted = ids.contains(dashboards[index].id)
            if let tile = dashboards[index].tiles.firstIndex(where: { $0.insightID == insight && !$0.deleted }) {
                if !wanted { dashboards[index].tiles[tile].deleted = true }
            } else if wanted {
                dashboards[index].tiles.append(SimTile(id: takeTileID(), insightID: insight, layouts: [:]))
            }
        }
        relink()
    }

    /// `PATCH|POST /{id}/move_tile/` (§4.5): the tile leaves this dashboard for the destination; 200 with the
    /// source.
    func moveTile(from source: Int, _ body: [String: Any]) throws(APIError) -> SimDashboard {
        guard let sourceIndex = dashboards.firstIndex(where: { $0.id == source && !$0.deleted }) else { throw .notFound() }
        let destination = (body["to_dashboard"] ?? body["toDashboard"]) as? Int
        guard let destination, let tileID = (body["tile"] as? [String: Any])?["id"] as? Int else { throw .serverError }
        guard let destinationIndex = dashboards.firstIndex(where: { $0.id == destination && !$0.deleted }),
            let tileIndex = dashboards[sourceIndex].tiles.firstIndex(where: { $0.id == tileID && !$0.deleted })
        else { throw .notFound() }
        let tile = dashboards[sourceIndex].tiles[tileIndex]
        if let insight = tile.insightID,
            dashboards[destinationIndex].tiles.contains(where: { $0.insightID == insight && !$0.deleted }) || destination == source
        {
            throw .validation("Invalid request data for moving tile.")
        }
        dashboards[sourceIndex].tiles.remove(at: tileIndex)
        dashboards[destinationIndex].tiles.append(tile)
        relink()
        return dashboards[sourceIndex]
    }

    /// `POST /{dest}/copy_tile/ {fromDashboardId, tileId}` (§4.5) → the destination dashboard.
    func copyTile(to destination: Int, _ body: [String: Any]) throws(APIError) -> SimDashboard {
        guard let destinationIndex = dashboards.firstIndex(where: { $0.id == destination && !$0.deleted }) else { throw .notFound() }
        guard let from = body["fromDashboardId"] as? Int, let tileID = body["tileId"] as? Int else {
            throw .validation("fromDashboardId and tileId are required.")
        }
        guard from != destination else { throw .validation("Destination must be a different dashboard than the source.") }
        guard let source = dashboards.first(where: { $0.id == from && !$0.deleted }),
            let tile = source.tiles.first(where: { $0.id == tileID && !$0.deleted })
        else { throw .notFound() }
        if let insight = tile.insightID, dashboards[destinationIndex].tiles.contains(where: { $0.insightID == insight && !$0.deleted }) {
            throw .validation("This insight is already on the destination dashboard.")
        }
        var copy = tile
        copy.id = takeTileID()
        if copy.textBody != nil { copy.textID = takeTextID() }
        dashboards[destinationIndex].tiles.append(copy)
        relink()
        return dashboards[destinationIndex]
    }

    /// What `reorder_tiles` refuses: plain `{"detail"}` bodies (§4.5).
    enum ReorderRefusal: Error {
        case duplicates
        case unknown([Int])
        case invalid(String)
    }

    /// `POST /{id}/reorder_tiles/ {tile_order, layout}` (§4.5): the listed tiles get new layouts in that
    /// order; tiles not listed are left alone.
    func reorderTiles(_ id: Int, _ body: [String: Any]) throws(APIError) -> Result<SimDashboard, ReorderRefusal> {
        guard let index = dashboards.firstIndex(where: { $0.id == id && !$0.deleted }) else { throw .notFound() }
        guard let order = body["tile_order"] as? [Int], order.allSatisfy({ $0 >= 1 }) else {
            throw .validation("Expected a list of items.", attr: "tile_order", code: "not_a_list")
        }
        let layout = (body["layout"] as? String) ?? "preserve"
        guard ["preserve", "two_column", "full_width"].contains(layout) else {
            throw .validation("\"\(layout)\" is not a valid choice.", attr: "layout", code: "invalid_choice")
        }
        guard Set(order).count == order.count else { return .failure(.duplicates) }
        var dashboard = dashboards[index]
        let unknown = order.filter { id in !dashboard.tiles.contains { $0.id == id && !$0.deleted } }
        guard unknown.isEmpty else { return .failure(.unknown(unknown)) }
        var skyline = [Int](repeating: 0, count: 12)
        for (position, tileID) in order.enumerated() {
            let at = dashboard.tiles.firstIndex { $0.id == tileID }!
            var tile = dashboard.tiles[at]
            var small = (tile.layouts["sm"] as? [String: Any]) ?? [:]
            var extraSmall = (tile.layouts["xs"] as? [String: Any]) ?? [:]
            switch layout {
            case "two_column":
                small.merge(["x": (position % 2) * 6, "y": (position / 2) * 5, "w": 6, "h": 5]) { _, new in new }
            case "full_width":
                small.merge(["x": 0, "y": position * 5, "w": 12, "h": 5]) { _, new in new }
            default:
                // Greedy: the lowest, then left-most, place the tile's width fits.
                let (w, h) = tile.smallSize
                var best = (y: Int.max, x: 0)
                for x in 0...(12 - w) {
                    let y = skyline[x..<(x + w)].max() ?? 0
                    if y < best.y { best = (y, x) }
                }
                for column in best.x..<(best.x + w) { skyline[column] = best.y + h }
                small.merge(["x": best.x, "y": best.y, "w": w, "h": h]) { _, new in new }
            }
            extraSmall.merge(["x": 0, "y": position * 5, "w": 1, "h": 5]) { _, new in new }
            tile.layouts["sm"] = small
            tile.layouts["xs"] = extraSmall
            dashboard.tiles[at] = tile
        }
        dashboards[index] = dashboard
        return .success(dashboard)
    }

    /// Dashboards' `bulk_update_tags` (§4.9): tags cleaned by the caller; missing or deleted ids are skipped.
    func bulkUpdateDashboardTags(ids: [Int], action: String, tags: [String]) -> (updated: [(Int, [String])], skipped: [(Int, String)]) {
        var updated: [(Int, [String])] = []
        var skipped: [(Int, String)] = []
        for id in ids {
            guard let index = dashboards.firstIndex(where: { $0.id == id && !$0.deleted }) else {
                skipped.append((id, "Not found or no edit access"))
                continue
            }
            var current = Set(dashboards[index].tags)
            switch action {
            case "add": current.formUnion(tags)
            case "remove": current.subtract(tags)
            default: current = Set(tags)
            }
            dashboards[index].tags = current.sorted()
            updated.append((id, dashboards[index].tags))
        }
        return (updated, skipped)
    }

    /// `create_from_template_json` (§4.10): the template was validated by the caller; returns the dashboard.
    func createFromTemplate(body: Data, userID: Int) -> SimDashboard {
        let template = (((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["template"] as? [String: Any]) ?? [:]
        var dashboard = newDashboard(userID: userID, creationMode: "template")
        dashboard.name = (template["template_name"] as? String) ?? ""
        dashboard.description = (template["dashboard_description"] as? String) ?? ""
        dashboard.filters = (template["dashboard_filters"] as? [String: Any]) ?? [:]
        dashboard.tags = ((template["tags"] as? [String]) ?? []).map { $0.lowercased() }.sorted()
        for item in (template["tiles"] as? [[String: Any]]) ?? [] {
            let layouts = (item["layouts"] as? [String: Any]) ?? [:]
            let color = item["color"] as? String
            switch item["type"] as? String {
            case "INSIGHT":
                let id = (insights.last?.id ?? 0) + 1
                var insight = Insight(
                    id: id, shortID: String(format: "i%07d", id), name: item["name"] as? String,
                    description: item["description"] as? String, query: item["query"] as? [String: Any],
                    filters: (item["query"] == nil ? item["filters"] as? [String: Any] : nil) ?? [:], saved: true, dashboards: [],
                    deleted: false, createdAt: now(), lastModifiedAt: now(), metadataEvents: [])
                insight.metadataEvents = Self.metadataEvents(insight.query, actions: actions)
                insights.append(insight)
                dashboard.tiles.append(SimTile(id: takeTileID(), insightID: id, layouts: layouts, color: color))
            case "TEXT":
                var tile = SimTile(id: takeTileID(), layouts: layouts, color: color)
                tile.textID = takeTextID()
                tile.textBody = (item["body"] as? String) ?? ""
                tile.textModifiedAt = now()
                dashboard.tiles.append(tile)
            default:
                continue  // Unknown types are logged and skipped.
            }
        }
        dashboards.append(dashboard)
        relink()
        return dashboard
    }

    /// `create_unlisted_dashboard {"tag"}` (§4.11): nil when one with that tag exists (409).
    func createUnlisted(tag: String, userID: Int) -> SimDashboard? {
        if dashboards.contains(where: { !$0.deleted && $0.creationMode == "unlisted" && $0.tags.contains(tag) }) { return nil }
        var dashboard = newDashboard(userID: userID, creationMode: "unlisted")
        dashboard.name = tag == "llm-analytics" ? "LLM Analytics" : "MCP Analytics"
        dashboard.tags = [tag]
        dashboard.filters = ["date_from": "-7d", "__template_version": 1]
        dashboards.append(dashboard)
        return dashboard
    }

    /// `snapshot` (§4.7): a cache key that lives 1,800 s.
    func snapshotKey(_ id: Int, userID: Int) throws(APIError) -> String {
        _ = try dashboard(id)
        let time = now()
        let key = "dashboard_refresh_before_\(id)_\(userID)_\(Double(time) / 1_000_000)"
        snapshotKeys[key] = (time + 1_800_000_000, id)
        return key
    }

    /// Whether a snapshot key is known and unexpired.
    func snapshotLive(_ key: String) -> Int? {
        guard let entry = snapshotKeys[key], entry.expires > now() else { return nil }
        return entry.dashboard
    }

    // MARK: - Helpers

    private func newDashboard(userID: Int, creationMode: String) -> SimDashboard {
        SimDashboard(
            id: (dashboards.last?.id ?? 0) + 1, name: "", description: "", pinned: false, createdAt: now(), createdBy: userID,
            lastAccessedAt: nil, deleted: false, creationMode: creationMode, tags: [], restrictionLevel: 21, filters: [:], tiles: [])
    }

    func takeTileID() -> Int {
        defer { nextTileID += 1 }
        return nextTileID
    }

    func takeTextID() -> Int {
        defer { nextTextID += 1 }
        return nextTextID
    }

    /// Each insight's `dashboards`: the live dashboards with a live tile holding it.
    func relink() {
        var on: [Int: [Int]] = [:]
        for dashboard in dashboards where !dashboard.deleted {
            for tile in dashboard.tiles where !tile.deleted {
                if let insight = tile.insightID { on[insight, default: []].append(dashboard.id) }
            }
        }
        for index in insights.indices { insights[index].dashboards = (on[insights[index].id] ?? []).sorted() }
        renderedInsights = [:]
    }
}
