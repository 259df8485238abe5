import Foundation
import Testing

@testable import PostHogSimulator

/// Dashboards as posthog-api-2.md §4.1–§4.11 has them: each test names the section it holds the simulator to.
@Suite struct DashboardContractTests {
    static let dashboards = "/api/projects/@current/dashboards/"
    static let insights = "/api/projects/@current/insights/"

    static func trends(_ event: String, from: String = "-7d") -> [String: Any] {
        [
            "kind": "InsightVizNode",
            "source": ["kind": "TrendsQuery", "series": [["kind": "EventsNode", "event": event]], "dateRange": ["date_from": from]],
        ]
    }

    static func open(_ configure: @escaping (inout SimulatorConfiguration) -> Void = { _ in }) -> (inout SimulatorConfiguration) -> Void {
        { configuration in
            configuration.personalKeyDashboardActions = true
            configure(&configuration)
        }
    }

    func create(_ sim: SimHarness, _ body: [String: Any]) async throws -> [String: Any] {
        let reply = try await sim.send("POST", Self.dashboards, json: body)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.object
    }

    @Test func listRetrieveCreateAndSoftDelete() async throws {  // §4.2, §4.3
        try await withSimulator { sim in
            let zebra = try await create(sim, ["name": "Zebra", "tags": [" Growth ", "core"]])
            let apple = try await create(sim, ["name": "Apple", "description": "fruit"])
            let pinned = try await create(sim, ["name": "Pinned", "pinned": true])
            #expect(zebra["tags"] as? [String] == ["core", "growth"], "tags are stripped and lower-cased")
            #expect(zebra["creation_mode"] as? String == "default" && zebra["tiles"] as? [Any] != nil)
            let list = try await sim.get(Self.dashboards)
            let rows = list.object["results"] as? [[String: Any]] ?? []
            #expect(rows.compactMap { $0["name"] as? String } == ["Pinned", "Apple", "Zebra"], "ordered -pinned, name")
            #expect(rows.allSatisfy { $0["tiles"] == nil && $0["filters"] == nil }, "the basic serializer has no tiles or filters")
            #expect(
                Set(rows[0].keys).isSuperset(of: ["restriction_level", "effective_privilege_level", "access_control_version", "team_id"]))
            let tagged = try await sim.get(Self.dashboards + "?tags=growth&tags=nothing")
            #expect((tagged.object["results"] as? [[String: Any]])?.count == 1, "tags filters are OR'd")
            let id = try #require(apple["id"] as? Int)
            #expect(apple["last_accessed_at"] is NSNull)
            let retrieved = try await sim.get(Self.dashboards + "\(id)/")
            #expect(retrieved.object["last_accessed_at"] is String, "retrieve writes last_accessed_at")
            // DELETE is forbidden (ForbidDestroyModel): 405, empty body; a soft delete is a PATCH.
            let destroyed = try await sim.send("DELETE", Self.dashboards + "\(id)/")
            #expect(destroyed.status == 405 && destroyed.data.isEmpty)
            #expect(try await sim.send("PATCH", Self.dashboards + "\(id)/", json: ["deleted": true]).status == 200)
            #expect(try await sim.get(Self.dashboards + "\(id)/").status == 404)
            #expect((try await sim.get(Self.dashboards).object["count"] as? Int) == 2)
            #expect(try await sim.send("PATCH", Self.dashboards + "\(id)/", json: ["deleted": false]).status == 200, "restored")
            #expect(try await sim.get(Self.dashboards + "\(id)/").status == 200)
            _ = pinned
        }
    }

    @Test func createAndUpdateRefuseWhatPostHogRefuses() async throws {  // §4.3
        try await withSimulator { sim in
            let filters = try await sim.send("POST", Self.dashboards, json: ["name": "x", "filters": ["a"]])
            #expect(filters.status == 400 && envelope(filters)["detail"] == "Filters must be a dictionary")
            let both = try await sim.send("POST", Self.dashboards, json: ["name": "x", "use_dashboard": 1, "use_template": "t"])
            #expect(envelope(both)["detail"] == "`use_dashboard` and `use_template` cannot be used together")
            let missing = try await sim.send("POST", Self.dashboards, json: ["name": "x", "use_dashboard": 77])
            #expect(missing.status == 400 && envelope(missing)["attr"] == "use_dashboard")
            let template = try await sim.send("POST", Self.dashboards, json: ["name": "x", "use_template": "nope"])
            #expect(envelope(template)["detail"] == "Invalid template provided: nope")
            let board = try await create(sim, ["name": "Text"])
            let id = try #require(board["id"] as? Int)
            let long = try await sim.send(
                "PATCH", Self.dashboards + "\(id)/", json: ["tiles": [["text": ["body": String(repeating: "x", count: 4_001)]]]])
            #expect(long.status == 400 && envelope(long)["detail"] == "Text body cannot exceed 4000 characters")
            let added = try await sim.send(
                "PATCH", Self.dashboards + "\(id)/",
                json: ["tiles": [["text": ["body": "Hello"], "layouts": ["sm": ["x": 0, "y": 0, "w": 12, "h": 2]], "color": "blue"]]])
            let tile = try #require((added.object["tiles"] as? [[String: Any]])?.first)
            #expect((tile["text"] as? [String: Any])?["body"] as? String == "Hello" && tile["insight"] is NSNull)
            #expect(Set(tile.keys).isSuperset(of: ["button_tile", "layouts", "color", "filters_overrides", "order", "is_cached"]))
            let tileID = try #require(tile["id"] as? Int)
            // An `insight` key in a tile upsert is ignored; the text changes in place.
            let edited = try await sim.send(
                "PATCH", Self.dashboards + "\(id)/", json: ["tiles": [["id": tileID, "text": ["body": "Bye"], "insight": 5]]])
            let tiles = edited.object["tiles"] as? [[String: Any]] ?? []
            #expect(tiles.count == 1 && (tiles[0]["text"] as? [String: Any])?["body"] as? String == "Bye" && tiles[0]["insight"] is NSNull)
        }
    }

    @Test func insightsAttachFromTheInsightSideAndTilesSortByLayout() async throws {  // §4.3, §4.4
        try await withSimulator { sim in
            let board = try await create(sim, ["name": "Growth"])
            let id = try #require(board["id"] as? Int)
            let one = try await sim.send("POST", Self.insights, json: ["name": "One", "query": Self.trends("a"), "dashboards": [id]])
            #expect(one.object["dashboards"] as? [Int] == [id])
            _ = try await sim.send(
                "PATCH", Self.dashboards + "\(id)/",
                json: ["tiles": [["text": ["body": "top"], "layouts": ["sm": ["x": 0, "y": 0, "w": 12, "h": 1]]]]])
            let full = try await sim.get(Self.dashboards + "\(id)/")
            let tiles = full.object["tiles"] as? [[String: Any]] ?? []
            #expect(tiles.count == 2)
            #expect(tiles.first?["text"] is [String: Any], "the tile with a layout (y 0) sorts before one without (100)")
            #expect(((tiles.last?["insight"] as? [String: Any])?["name"] as? String) == "One")
            // Leaving the dashboard out deletes its tile.
            let insightID = try #require(one.object["id"] as? Int)
            let off = try await sim.send("PATCH", Self.insights + "\(insightID)/", json: ["dashboards": []])
            #expect(off.object["dashboards"] as? [Int] == [])
            #expect((try await sim.get(Self.dashboards + "\(id)/").object["tiles"] as? [Any])?.count == 1)
        }
    }

    @Test func moveAndCopyTiles() async throws {  // §4.5
        try await withSimulator { sim in
            let a = try #require(try await create(sim, ["name": "A"])["id"] as? Int)
            let b = try #require(try await create(sim, ["name": "B"])["id"] as? Int)
            let insight = try await sim.send("POST", Self.insights, json: ["name": "I", "query": Self.trends("x"), "dashboards": [a]])
            let insightID = try #require(insight.object["id"] as? Int)
            let tile = try #require(
                ((try await sim.get(Self.dashboards + "\(a)/")).object["tiles"] as? [[String: Any]])?.first?["id"] as? Int)
            let copied = try await sim.send("POST", Self.dashboards + "\(b)/copy_tile/", json: ["fromDashboardId": a, "tileId": tile])
            #expect(copied.status == 200 && copied.object["id"] as? Int == b, "copy_tile answers with the destination")
            let again = try await sim.send("POST", Self.dashboards + "\(b)/copy_tile/", json: ["fromDashboardId": a, "tileId": tile])
            #expect(envelope(again)["detail"] == "This insight is already on the destination dashboard.")
            let same = try await sim.send("POST", Self.dashboards + "\(a)/copy_tile/", json: ["fromDashboardId": a, "tileId": tile])
            #expect(envelope(same)["detail"] == "Destination must be a different dashboard than the source.")
            let blocked = try await sim.send("PATCH", Self.dashboards + "\(a)/move_tile/", json: ["toDashboard": b, "tile": ["id": tile]])
            #expect(blocked.status == 400 && envelope(blocked)["detail"] == "Invalid request data for moving tile.")
            let c = try #require(try await create(sim, ["name": "C"])["id"] as? Int)
            // The older body (toDashboard) by PATCH, answered with the source dashboard.
            let moved = try await sim.send("PATCH", Self.dashboards + "\(a)/move_tile/", json: ["toDashboard": c, "tile": ["id": tile]])
            #expect(moved.status == 200 && moved.object["id"] as? Int == a && (moved.object["tiles"] as? [Any])?.isEmpty == true)
            #expect((try await sim.get(Self.insights + "\(insightID)/")).object["dashboards"] as? [Int] == [b, c])
            // The newest body (to_dashboard) by POST; unknown tile → 404.
            let unknown = try await sim.send("POST", Self.dashboards + "\(c)/move_tile/", json: ["to_dashboard": a, "tile": ["id": 999]])
            #expect(unknown.status == 404)
            let back = try await sim.send("POST", Self.dashboards + "\(c)/move_tile/", json: ["to_dashboard": a, "tile": ["id": tile]])
            #expect(back.status == 200)
        }
    }

    @Test func reorderTilesLaysOutAsPostHogDoes() async throws {  // §4.5
        try await withSimulator { sim in
            let id = try #require(try await create(sim, ["name": "Order"])["id"] as? Int)
            for (index, width) in [6, 6, 12, 4].enumerated() {
                _ = try await sim.send(
                    "PATCH", Self.dashboards + "\(id)/",
                    json: ["tiles": [["text": ["body": "t\(index)"], "layouts": ["sm": ["x": 0, "y": 50 + index, "w": width, "h": 5]]]]])
            }
            let tiles = (try await sim.get(Self.dashboards + "\(id)/")).object["tiles"] as? [[String: Any]] ?? []
            let ids = tiles.compactMap { $0["id"] as? Int }
            #expect(ids.count == 4)
            func layouts(_ reply: SimHarness.Reply) -> [Int: [String: Int]] {
                var found: [Int: [String: Int]] = [:]
                for tile in reply.object["tiles"] as? [[String: Any]] ?? [] {
                    found[tile["id"] as! Int] = ((tile["layouts"] as? [String: Any])?["sm"] as? [String: Any])?.compactMapValues {
                        $0 as? Int
                    }
                }
                return found
            }
            let reorder = Self.dashboards + "\(id)/reorder_tiles/"
            let two = layouts(try await sim.send("POST", reorder, json: ["tile_order": Array(ids.reversed()), "layout": "two_column"]))
            #expect(two[ids[3]] == ["x": 0, "y": 0, "w": 6, "h": 5] && two[ids[2]] == ["x": 6, "y": 0, "w": 6, "h": 5])
            #expect(two[ids[1]] == ["x": 0, "y": 5, "w": 6, "h": 5] && two[ids[0]] == ["x": 6, "y": 5, "w": 6, "h": 5])
            let full = layouts(try await sim.send("POST", reorder, json: ["tile_order": ids, "layout": "full_width"]))
            #expect(full[ids[2]] == ["x": 0, "y": 10, "w": 12, "h": 5])
            // preserve keeps each w/h and places greedily: lowest, then left-most.
            _ = try await sim.send(
                "PATCH", Self.dashboards + "\(id)/",
                json: ["tiles": zip(ids, [6, 6, 12, 4]).map { ["id": $0.0, "layouts": ["sm": ["x": 0, "y": 0, "w": $0.1, "h": 5]]] }])
            let kept = layouts(try await sim.send("POST", reorder, json: ["tile_order": ids]))
            #expect(kept[ids[0]] == ["x": 0, "y": 0, "w": 6, "h": 5] && kept[ids[1]] == ["x": 6, "y": 0, "w": 6, "h": 5])
            #expect(kept[ids[2]] == ["x": 0, "y": 5, "w": 12, "h": 5] && kept[ids[3]] == ["x": 0, "y": 10, "w": 4, "h": 5])
            let duplicate = try await sim.send("POST", reorder, json: ["tile_order": [ids[0], ids[0]]])
            #expect(duplicate.status == 400 && duplicate.object as NSDictionary == ["detail": "tile_order must contain unique tile IDs"])
            let unknown = try await sim.send("POST", reorder, json: ["tile_order": [ids[0], 700, 900]])
            #expect(
                unknown.status == 404 && unknown.object as NSDictionary == ["detail": "Tile IDs not found on this dashboard: [700, 900]"])
            _ = try await sim.send("PATCH", Self.dashboards + "\(id)/", json: ["deleted": true])
            #expect(try await sim.send("POST", reorder, json: ["tile_order": ids]).status == 404, "a deleted dashboard")
        }
    }

    @Test func runInsightsComputesQueryTilesInLayoutOrder() async throws {  // §4.6
        try await withSimulator({ $0.definitions = 40 }) { sim in
            let definitions = try await sim.export()
            let day: Micros = 86_400_000_000
            func seenDay(_ definition: [String: Any]) -> Int? {
                guard let text = definition["last_seen_at"] as? String,
                    let date = ISO8601DateFormatter().date(from: String(text.prefix(19)) + "Z")
                else { return nil }
                return Int(date.timeIntervalSince1970 / 86_400)
            }
            let today = Int(SimHarness.now / day)
            // An event last seen 5 to 80 days ago: its tile is flat for the last days of a 90-day range.
            let stale = try #require(definitions.first { seenDay($0).map { (5...80).contains(today - $0) } ?? false })
            let name = try #require(stale["name"] as? String)
            let id = try #require(try await create(sim, ["name": "Run"])["id"] as? Int)
            #expect((try await sim.get(Self.dashboards + "\(id)/run_insights/")).object["results"] as? [Any] != nil)
            let empty = try await sim.get(Self.dashboards + "\(id)/run_insights/")
            #expect((empty.object["results"] as? [Any])?.isEmpty == true, "an empty dashboard")
            _ = try await sim.send(
                "POST", Self.insights, json: ["name": "Q", "query": Self.trends(name, from: "-90d"), "dashboards": [id]])
            _ = try await sim.send(
                "POST", Self.insights,
                json: ["name": "Legacy", "filters": ["events": [["id": name, "type": "events"]]], "dashboards": [id]])
            _ = try await sim.send(
                "POST", Self.insights,
                json: ["name": "Broken", "query": ["kind": "InsightVizNode", "source": ["kind": "NopeQuery"]], "dashboards": [id]])
            _ = try await sim.send("PATCH", Self.dashboards + "\(id)/", json: ["tiles": [["text": ["body": "notes"]]]])
            let run = try await sim.get(Self.dashboards + "\(id)/run_insights/?output_format=json")
            let results = run.object["results"] as? [[String: Any]] ?? []
            #expect(results.count == 2, "text tiles and legacy-filter insights are skipped")
            let first = try #require(results.first?["insight"] as? [String: Any])
            #expect(Set(first.keys) == ["id", "short_id", "name", "derived_name", "result"])
            let series = try #require((first["result"] as? [[String: Any]])?.first)
            let data = series["data"] as? [Int] ?? []
            #expect(data.count == 90 && (series["labels"] as? [String])?.count == 90)
            let flatDays = today - seenDay(stale)!
            #expect(data.suffix(flatDays).allSatisfy { $0 == 0 } && (data.dropLast(flatDays).last ?? 0) > 0, "flat after last seen")
            #expect(
                results.last?["error"] as? [String: String] == ["type": "ValidationError", "message": "Unknown query kind 'NopeQuery'."])
            let optimized = try await sim.get(Self.dashboards + "\(id)/run_insights/")
            let text = ((optimized.object["results"] as? [[String: Any]])?.first?["insight"] as? [String: Any])?["result"] as? String
            #expect(text?.contains("|") == true, "optimized output is a text table")
            #expect(try await sim.get(Self.dashboards + "999/run_insights/").status == 404)
        }
    }

    @Test func snapshotStreamAndUnlisted() async throws {  // §4.7, §4.8, §4.11
        try await withSimulator(Self.open()) { sim in
            let id = try #require(try await create(sim, ["name": "S"])["id"] as? Int)
            for index in 0..<3 {
                _ = try await sim.send("PATCH", Self.dashboards + "\(id)/", json: ["tiles": [["text": ["body": "t\(index)"]]]])
            }
            let snapshot = try await sim.send("POST", Self.dashboards + "\(id)/snapshot/", json: [:])
            let key = try #require(snapshot.object["cache_key"] as? String)
            #expect(key.hasPrefix("dashboard_refresh_before_\(id)_1_"))
            let analyze = Self.dashboards + "\(id)/analyze_refresh_result/"
            #expect(try await sim.send("POST", analyze, json: ["cache_key": key]).object["result"] != nil)
            #expect(try await sim.send("POST", analyze, json: [:]).object as NSDictionary == ["error": "cache_key is required"])
            #expect(try await sim.send("POST", analyze, json: ["cache_key": "x"]).status == 400)
            let stream = try await sim.get(Self.dashboards + "\(id)/stream_tiles/?layoutSize=nonsense")
            #expect(stream.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            let messages = stream.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(messages.allSatisfy { $0.hasPrefix("data: ") && !$0.contains("\nevent:") && !$0.contains("\nid:") })
            let kinds = messages.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as? [String: Any])?["type"] as? String
            }
            #expect(kinds == ["metadata", "tile", "complete"], "two tiles in the metadata, the third streamed")
            #expect(try await sim.get(Self.dashboards + "999/stream_tiles/").status == 404)
            let unlisted = Self.dashboards + "create_unlisted_dashboard/"
            let made = try await sim.send("POST", unlisted, json: ["tag": "llm-analytics"])
            #expect(made.status == 201 && made.object["creation_mode"] as? String == "unlisted")
            #expect((made.object["filters"] as? [String: Any])?["__template_version"] as? Int == 1)
            let conflict = try await sim.send("POST", unlisted, json: ["tag": "llm-analytics"])
            #expect(
                conflict.status == 409
                    && conflict.object as NSDictionary == ["error": "Unlisted dashboard with tag 'llm-analytics' already exists"])
            #expect(try await sim.send("POST", unlisted, json: [:]).object as NSDictionary == ["error": "tag is required"])
            #expect(try await sim.send("POST", unlisted, json: ["tag": "x"]).object as NSDictionary == ["error": "Unknown template tag: x"])
            #expect((try await sim.get(Self.dashboards)).object["count"] as? Int == 1, "unlisted dashboards are left out of the list")
            #expect((try await sim.get(Self.dashboards + "?creation_mode=unlisted")).object["count"] as? Int == 1)
        }
    }

    @Test func bulkUpdateTags() async throws {  // §4.9
        try await withSimulator(Self.open()) { sim in
            let a = try #require(try await create(sim, ["name": "A", "tags": ["keep"]])["id"] as? Int)
            let b = try #require(try await create(sim, ["name": "B"])["id"] as? Int)
            let path = Self.dashboards + "bulk_update_tags/"
            let added = try await sim.send("POST", path, json: ["ids": [a, b, 404], "action": "add", "tags": [" At-Risk ", ""]])
            #expect(added.status == 200)
            let updated = added.object["updated"] as? [[String: Any]] ?? []
            #expect(updated.map { $0["tags"] as? [String] ?? [] } == [["at-risk", "keep"], ["at-risk"]])
            #expect(added.object["skipped"] as? [NSDictionary] == [["id": 404, "reason": "Not found or no edit access"]])
            let removed = try await sim.send("POST", path, json: ["ids": [a], "action": "remove", "tags": ["at-risk"]])
            #expect((removed.object["updated"] as? [[String: Any]])?.first?["tags"] as? [String] == ["keep"])
            let empty = try await sim.send("POST", path, json: ["ids": [a], "action": "add", "tags": []])
            #expect(envelope(empty)["detail"] == "tags must not be empty for action 'add'.")
            let many = try await sim.send("POST", path, json: ["ids": Array(1...501), "action": "set", "tags": ["x"]])
            #expect(many.status == 400 && envelope(many)["attr"] == "ids")
        }
    }

    @Test func createFromTemplateJSON() async throws {  // §4.10
        try await withSimulator(Self.open()) { sim in
            let path = Self.dashboards + "create_from_template_json/"
            // The payload of PostHog's own test.
            let payload: [String: Any] = [
                "template": [
                    "template_name": "Sign up conversion template with variables",
                    "dashboard_description": "Use this template to see how many users sign up after visiting your pricing page.",
                    "dashboard_filters": [:], "variables": [],
                    "tiles": [
                        [
                            "name": "Website Unique Users (Total)", "type": "INSIGHT", "color": "blue",
                            "filters": [
                                "events": [["id": "$pageview", "math": "dau", "type": "events"]], "compare": true, "display": "BoldNumber",
                                "insight": "TRENDS", "interval": "day", "date_from": "-30d",
                            ],
                            "layouts": [
                                "sm": ["h": 5, "i": "21", "w": 6, "x": 0, "y": 0, "minH": 5, "minW": 3],
                                "xs": ["h": 5, "i": "21", "w": 1, "x": 0, "y": 0, "minH": 5, "minW": 1],
                            ],
                            "description": "Shows the number of unique users that use your app every day.",
                        ],
                        ["type": "TEXT", "body": "Read me", "layouts": [:]],
                        ["type": "WIDGET_OF_THE_FUTURE"],
                    ],
                ],
                "creation_context": "onboarding",
            ]
            let made = try await sim.send("POST", path, json: payload)
            #expect(made.status == 200, "200, not 201")
            #expect(made.object["name"] as? String == "Sign up conversion template with variables")
            #expect(made.object["creation_mode"] as? String == "template")
            let tiles = made.object["tiles"] as? [[String: Any]] ?? []
            #expect(tiles.count == 2, "unknown tile types are skipped")
            let insight = try #require(tiles.compactMap { $0["insight"] as? [String: Any] }.first)
            #expect(insight["query"] is NSNull && (insight["filters"] as? [String: Any])?["insight"] as? String == "TRENDS")
            func refusal(_ template: Any) async throws -> String? {
                let reply = try await sim.send("POST", path, json: ["template": template])
                #expect(reply.status == 400)
                return envelope(reply)["detail"] ?? nil
            }
            #expect(try await refusal(["template_name": "x"]) == "'dashboard_description' is a required property")
            let noTiles: [String: Any] = ["template_name": "x", "dashboard_description": "", "dashboard_filters": [:], "tiles": []]
            #expect(try await refusal(noTiles) == "[] should be non-empty")
            var badName = noTiles
            badName["template_name"] = 3
            badName["tiles"] = [["type": "TEXT", "body": "b"]]
            #expect(try await refusal(badName) == "3 is not of type 'string'")
        }
    }

    @Test func personalKeysAndTheActionsWithoutScopes() async throws {  // §4.1
        let keys = { (configuration: inout SimulatorConfiguration) in
            configuration.apiKeys = [
                APIKey.localDefault, APIKey(spec: "phx_reader:dashboard:read")!, APIKey(spec: "phx_writer:dashboard:write")!,
            ]
        }
        try await withSimulator(keys) { sim in
            let id = try #require(try await create(sim, ["name": "Scopes"])["id"] as? Int)
            #expect(try await sim.get(Self.dashboards, key: "phx_reader").status == 200)
            let write = try await sim.send("PATCH", Self.dashboards + "\(id)/", json: ["name": "x"], key: "phx_reader")
            #expect(write.status == 403 && envelope(write)["detail"] == "API key missing required scope 'dashboard:write'")
            let run = try await sim.get(Self.dashboards + "\(id)/run_insights/", key: "phx_writer")
            #expect(envelope(run)["detail"] == "API key missing required scope 'query:read'")
            #expect(
                try await sim.send("POST", Self.dashboards + "\(id)/reorder_tiles/", json: ["tile_order": []], key: "phx_writer").status
                    == 200)
            for (method, path, body) in [
                ("POST", "bulk_update_tags/", ["ids": [id], "action": "add", "tags": ["x"]] as [String: Any]),
                ("POST", "create_from_template_json/", ["template": [:]]), ("POST", "create_unlisted_dashboard/", ["tag": "llm-analytics"]),
                ("GET", "\(id)/stream_tiles/", [:]), ("POST", "\(id)/snapshot/", [:]),
            ] {
                let refused = try await sim.send(method, Self.dashboards + path, json: method == "GET" ? nil : body)
                #expect(refused.status == 403, "\(path)")
                #expect(envelope(refused)["detail"] == "This action does not support personal API key access", "\(path)")
            }
        }
        try await withSimulator(Self.open(keys)) { sim in
            let id = try #require(try await create(sim, ["name": "Open"])["id"] as? Int)
            let tags = try await sim.send(
                "POST", Self.dashboards + "bulk_update_tags/", json: ["ids": [id], "action": "add", "tags": ["x"]])
            #expect(tags.status == 200, "with the switch on, personal keys get through")
            let reader = try await sim.send(
                "POST", Self.dashboards + "bulk_update_tags/", json: ["ids": [id], "action": "add", "tags": ["x"]], key: "phx_reader")
            #expect(reader.status == 403, "and still need the scope")
        }
    }

    @Test func generatedProjectsHaveDashboardsAndInsightsInTheExport() async throws {
        try await withSimulator({ $0.definitions = 5_000 }) { sim in
            let export = try #require(try await sim.get("/_sim/export?include=usage").object as [String: Any]?)
            let definitions = export["definitions"] as? [[String: Any]] ?? []
            let insights = export["insights"] as? [[String: Any]] ?? []
            let boards = export["dashboards"] as? [[String: Any]] ?? []
            #expect(definitions.count == 5_000 && boards.count == 5 && insights.count == 20)
            #expect(try await sim.export().count == 5_000, "the plain export stays an array of definitions")
            let byName = Dictionary(definitions.map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
            let charted = insights.flatMap { ($0["query_metadata"] as? [String: Any])?["events"] as? [String] ?? [] }
            #expect(charted.contains { byName[$0]?["hidden"] as? Bool != true }, "most on live events")
            #expect(boards.allSatisfy { ($0["tiles"] as? [Any]) != nil })
            let onBoards = Set(insights.flatMap { $0["dashboards"] as? [Int] ?? [] })
            #expect(onBoards.isSubset(of: Set(boards.compactMap { $0["id"] as? Int })) && !onBoards.isEmpty)
            let listed = try await sim.get(Self.dashboards)
            #expect(listed.object["count"] as? Int == 5)
        }
        try await withSimulator({
            $0.definitions = 3_000; $0.insights = 300; $0.dashboards = 20
        }) { sim in
            let export = try await sim.get("/_sim/export?include=usage").object
            let insights = export["insights"] as? [[String: Any]] ?? []
            let definitions = Dictionary(
                (export["definitions"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
            #expect(insights.count == 300 && (export["dashboards"] as? [Any])?.count == 20)
            let hidden = insights.filter { insight in
                ((insight["query_metadata"] as? [String: Any])?["events"] as? [String] ?? []).contains {
                    definitions[$0]?["hidden"] as? Bool == true
                }
            }
            let legacy = insights.filter { $0["query"] is NSNull }
            let viaActions = insights.filter { "\($0["query"] ?? "")".contains("ActionsNode") }
            let funnels = insights.filter { "\($0["query"] ?? "")".contains("FunnelExclusionEventsNode") }
            #expect(!hidden.isEmpty && !legacy.isEmpty && !viaActions.isEmpty && !funnels.isEmpty)
            #expect(legacy.allSatisfy { (($0["query_metadata"] as? [String: Any])?["events"] as? [Any])?.isEmpty == true })
        }
    }
}
