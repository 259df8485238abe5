import Foundation
import Testing

@testable import PostHogSimulator

/// Saved insights and actions as posthog-api-2.md §4.12–§4.13 has them: `query_metadata.events` built from the
/// query (ActionsNode through the action's steps, funnel exclusions, retention entities), `?events=` a JSON
/// list of AND filters over it, legacy-filter-only insights never matching, scopes per resource.
@Suite struct UsageContractTests {
    static let insights = "/api/projects/@current/insights/"
    static let actions = "/api/projects/@current/actions/"

    static func trends(_ series: [[String: Any]]) -> [String: Any] {
        ["kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": series]]
    }

    @Test func eventsFilterReadsQueryMetadataBuiltFromTheQuery() async throws {  // §4.13
        try await withSimulator { sim in
            let action = try await sim.send(
                "POST", Self.actions, json: ["name": "Signed up", "steps": [["event": "signed_up"], ["event": "account_created"]]])
            #expect(action.status == 201)
            let actionID = try #require(action.object["id"] as? Int)
            let board = try await sim.send("POST", "/api/projects/@current/dashboards/", json: ["name": "Growth"])
            let boardID = try #require(board.object["id"] as? Int)
            // An insight can only be put on a dashboard that exists (§4.3: attached from the insight side).
            let nowhere = try await sim.send("POST", Self.insights, json: ["name": "X", "dashboards": [boardID + 40]])
            #expect(nowhere.status == 400 && envelope(nowhere)["attr"] == "dashboards")
            let viaAction = try await sim.send(
                "POST", Self.insights,
                json: [
                    "name": "Signups", "saved": true, "dashboards": [boardID],
                    "query": Self.trends([["kind": "ActionsNode", "id": actionID]]),
                ])
            #expect(viaAction.status == 201)
            #expect(viaAction.object["dashboards"] as? [Int] == [boardID])
            #expect((viaAction.object["query_metadata"] as? [String: Any])?["events"] as? [String] == ["signed_up", "account_created"])
            let funnel: [String: Any] = [
                "kind": "InsightVizNode",
                "source": [
                    "kind": "FunnelsQuery",
                    "series": [["kind": "EventsNode", "event": "checkout_started"], ["kind": "EventsNode", "event": "order_completed"]],
                    "funnelsFilter": ["exclusions": [["kind": "FunnelExclusionEventsNode", "event": "checkout_cancelled"]]],
                ],
            ]
            _ = try await sim.send("POST", Self.insights, json: ["name": "Checkout", "saved": true, "query": funnel])
            // Legacy filters only: PostHog never matches them with ?events=.
            _ = try await sim.send(
                "POST", Self.insights,
                json: ["name": "Old", "saved": true, "filters": ["insight": "TRENDS", "events": [["id": "signed_up", "type": "events"]]]])
            _ = try await sim.send(
                "POST", Self.insights,
                json: ["name": "Draft", "saved": false, "query": Self.trends([["kind": "EventsNode", "event": "signed_up"]])])
            func names(_ query: String) async throws -> [String] {
                let reply = try await sim.get(Self.insights + "?" + query)
                #expect(reply.status == 200)
                return ((reply.object["results"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            }
            let signedUp = #"events=%5B%22signed_up%22%5D"#
            #expect(try await names(signedUp) == ["Signups", "Draft"])
            #expect(try await names(signedUp + "&saved=true") == ["Signups"])
            #expect(try await names(#"events=%5B%22checkout_cancelled%22%5D"#) == ["Checkout"])
            #expect(try await names(#"events=%5B%22signed_up%22,%22checkout_started%22%5D"#) == [], "each name is an AND filter")
            #expect(try await names("saved=true").count == 3)
            // Bad JSON in events= is not caught by PostHog (most likely a 500).
            #expect(try await sim.get(Self.insights + "?events=signed_up").status == 500)
        }
    }

    @Test func savingANewQueryRebuildsItsMetadataAndInsightsPage() async throws {
        try await withSimulator { sim in
            let made = try await sim.send(
                "POST", Self.insights, json: ["name": "A", "query": Self.trends([["kind": "EventsNode", "event": "a_done"]])])
            let id = try #require(made.object["id"] as? Int)
            let changed = try await sim.send(
                "PATCH", Self.insights + "\(id)/", json: ["query": Self.trends([["kind": "EventsNode", "event": "b_done"]])])
            #expect((changed.object["query_metadata"] as? [String: Any])?["events"] as? [String] == ["b_done"])
            for index in 0..<4 { _ = try await sim.send("POST", Self.insights, json: ["name": "N\(index)"]) }
            let first = try await sim.get(Self.insights + "?limit=2")
            #expect(first.object["count"] as? Int == 5 && (first.object["results"] as? [Any])?.count == 2)
            let next = try #require(first.object["next"] as? String)
            #expect(next.contains("limit=2") && next.contains("offset=2"))
            #expect(try await sim.send("POST", Self.insights, json: ["query": ["no": "kind"]]).status == 400)
            #expect(try await sim.get(Self.insights + "999/").status == 404)
        }
    }

    @Test func personalKeysNeedTheResourcesScopes() async throws {  // §4.1, §4.13
        try await withSimulator({
            $0.apiKeys = [
                APIKey(spec: "phx_definitions_only:event_definition:read")!, APIKey(spec: "phx_insights:insight:read,action:read")!,
            ]
        }) { sim in
            let refused = try await sim.get(Self.insights, key: "phx_definitions_only")
            #expect(refused.status == 403 && envelope(refused)["detail"] == "API key missing required scope 'insight:read'")
            #expect(try await sim.get(Self.insights, key: "phx_insights").status == 200)
            #expect(try await sim.get(Self.actions, key: "phx_insights").status == 200)
            #expect(
                try await sim.send("POST", Self.insights, json: ["name": "x"], key: "phx_insights").status == 403, "read does not write")
        }
    }
}
