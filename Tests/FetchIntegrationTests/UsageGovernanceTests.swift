import Foundation
import PostHogSimulator
import StewardCore
import StewardHistory
import StewardTestSupport
import Testing

/// Usage-aware governance against posthog-sim, end to end through the CLI: insights and dashboards made through
/// the API on chosen events give exactly the expected findings and usage map, live and from a snapshot; fixes
/// never hide a charted event and tag at-risk dashboards reversibly; `publish` keeps one dashboard.
@Suite(.serialized) struct UsageGovernanceTests {
    static let policy = """
        rules:
          hidden_in_use: error
          stale_in_use: { severity: error, after_days: 30 }
          unused_event: info
          stale_not_hidden: { severity: error, after_days: 30 }

        """
    static let reference = Timestamp(seconds: 1_780_272_000)

    func run(_ arguments: [String], in directory: URL) async throws -> StewardProcess.Result {
        try await StewardProcess.run(
            arguments, in: directory,
            environment: ["POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": "", "POSTHOG_PERSONAL_API_KEY": FetchCLITests.secret])
    }

    static func trends(_ nodes: [[String: Any]]) -> [String: Any] {
        ["kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": nodes]]
    }

    /// The chosen events and what charts them.
    struct Project {
        var live: String
        var stale: String
        var hidden: String
        var viaAction: String
        var excluded: String
        var legacy: String
        var uncharted: String
        var dashboards: [String: Int]
        var insights: [String: Int]
        var definitions: [EventDefinition]
    }

    /// Dashboards "Revenue <b>" and "Growth", and insights on chosen events: a live one, a stale one (on both
    /// dashboards), a hidden one, a stale one through an action, a stale one in a funnel exclusion, a stale one
    /// in legacy filters only.
    func build(_ base: String) async throws -> Project {
        let all = try await exported(base).values.filter { !PostHogEvents.contains($0.name) }.sorted { $0.name < $1.name }
        let month = Self.reference.adding(days: -30)
        func staleOnes() -> [EventDefinition] {
            all.filter { !$0.isHidden && ($0.lastSeenAt.map { $0 < Self.reference.adding(days: -60) } ?? false) }
        }
        let stale = staleOnes()
        try #require(stale.count >= 5)
        let live = try #require(all.first { !$0.isHidden && ($0.lastSeenAt.map { $0 > month } ?? false) })
        let hidden = try #require(all.first { $0.isHidden })
        let revenue = try await api(base, "POST", "dashboards/", ["name": "Revenue <b>"])["id"] as! Int
        let growth = try await api(base, "POST", "dashboards/", ["name": "Growth"])["id"] as! Int
        let action = try await api(base, "POST", "actions/", ["name": "Checkout", "steps": [["event": stale[1].name]]])["id"] as! Int
        var insights: [String: Int] = [:]
        func insight(_ name: String, _ body: [String: Any]) async throws {
            var fields = body
            fields["name"] = name
            fields["saved"] = true
            insights[name] = try await api(base, "POST", "insights/", fields)["id"] as? Int
        }
        try await insight("Live", ["query": Self.trends([["kind": "EventsNode", "event": live.name]]), "dashboards": [growth]])
        try await insight(
            "Stale", ["query": Self.trends([["kind": "EventsNode", "event": stale[0].name]]), "dashboards": [revenue, growth]])
        try await insight("Hidden", ["query": Self.trends([["kind": "EventsNode", "event": hidden.name]]), "dashboards": [revenue]])
        try await insight("Via action", ["query": Self.trends([["kind": "ActionsNode", "id": action]]), "dashboards": [growth]])
        let funnel: [String: Any] = [
            "kind": "InsightVizNode",
            "source": [
                "kind": "FunnelsQuery", "series": [["kind": "EventsNode", "event": live.name]],
                "funnelsFilter": ["exclusions": [["kind": "FunnelExclusionEventsNode", "event": stale[2].name]]],
            ] as [String: Any],
        ]
        try await insight("Funnel", ["query": funnel])
        try await insight(
            "Legacy", ["filters": ["insight": "TRENDS", "events": [["id": stale[3].name, "type": "events"]]], "dashboards": [revenue]])
        return Project(
            live: live.name, stale: stale[0].name, hidden: hidden.name, viaAction: stale[1].name, excluded: stale[2].name,
            legacy: stale[3].name, uncharted: stale[4].name, dashboards: ["Revenue <b>": revenue, "Growth": growth], insights: insights,
            definitions: all)
    }

    /// A simulator of 300 definitions holding the chosen project, a directory with the policy, and `body`.
    func withProject(
        _ label: String, _ configure: @escaping (inout SimulatorConfiguration) -> Void = { _ in },
        _ body: (String, URL, Project) async throws -> Void
    ) async throws {
        try await withSimulator({
            $0.definitions = 300; $0.seed = 47
            configure(&$0)
        }) { base in
            let directory = Fixtures.temporaryDirectory(label)
            Fixtures.write(Self.policy, to: "policy.yml", in: directory)
            try await body(base, directory, try await build(base))
        }
    }

    func findings(_ directory: URL, _ file: String = "out/steward-report.json") throws -> (findings: [[String: Any]], report: [String: Any])
    {
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(file))) as? [String: Any] ?? [:]
        return ((report["findings"] as? [[String: Any]]) ?? [], report)
    }

    @Test func findingsAndTheUsageMapLiveAndFromASnapshot() async throws {
        try await withProject("usage-governance") { base, directory, project in
            let audit = [
                "--policy", "policy.yml", "--no-history", "--now", "2026-06-01", "--format", "json", "--output-dir", "out", "--fail-on",
                "never",
            ]
            let live = try await run(["audit", "--host", base, "--project", "1"] + audit, in: directory)
            #expect(live.exitCode == 0, "\(live.standardError)")
            #expect(live.standardError.contains("usage read from 6 saved insights on 2 dashboards"))
            #expect(live.standardError.contains("query counts unavailable"), "the metrics endpoint refuses personal keys, said once")
            let (found, report) = try findings(directory)
            func named(_ rule: String) -> Set<String> {
                Set(found.filter { $0["rule"] as? String == rule }.compactMap { $0["event_name"] as? String })
            }
            let hiddenDefinition = project.definitions.first { $0.name == project.hidden }!
            let hiddenIsStale = hiddenDefinition.lastSeenAt.map { $0 < Self.reference.adding(days: -30) } ?? true
            #expect(named("hidden_in_use") == [project.hidden])
            // Stale and charted: directly, through an action, in a funnel exclusion, in legacy filters only.
            let stale: Set<String> = [project.stale, project.viaAction, project.excluded, project.legacy]
            #expect(named("stale_in_use") == (hiddenIsStale ? stale.union([project.hidden]) : stale))
            let message = found.first { $0["rule"] as? String == "stale_in_use" && $0["event_name"] as? String == project.stale }?[
                "message"]
            #expect((message as? String)?.contains(#"dashboards "Revenue <b>" (#1), "Growth" (#2)"#) == true, "\(message ?? "")")
            // Unused: every custom event older than 30 days that nothing references.
            let referenced: Set<String> = stale.union([project.live, project.hidden])
            let unused = Set(
                project.definitions.filter {
                    !referenced.contains($0.name) && ($0.createdAt.map { $0 < Self.reference.adding(days: -30) } ?? false)
                }.map(\.name))
            #expect(named("unused_event") == unused)
            #expect(named("unused_event").contains(project.uncharted))
            // The usage map: events in use only, with their insights and dashboards.
            let usage = try #require(report["usage"] as? [String: Any])
            #expect(usage["source"] as? String == "insights" && usage["insights"] as? Int == 6 && usage["dashboards"] as? Int == 2)
            let events = usage["events"] as? [String: [String: Any]] ?? [:]
            let ids = project.insights, boards = project.dashboards
            let expected: [String: ([Int], [Int])] = [
                project.live: ([ids["Live"]!, ids["Funnel"]!].sorted(), [boards["Growth"]!]),
                project.stale: ([ids["Stale"]!], [boards["Revenue <b>"]!, boards["Growth"]!].sorted()),
                project.hidden: ([ids["Hidden"]!], [boards["Revenue <b>"]!]),
                project.viaAction: ([ids["Via action"]!], [boards["Growth"]!]),
                project.excluded: ([ids["Funnel"]!], []),
                project.legacy: ([ids["Legacy"]!], [boards["Revenue <b>"]!]),
            ]
            #expect(Set(events.keys) == Set(expected.keys))
            for (name, (insights, dashboards)) in expected {
                #expect(events[name]?["insights"] as? [Int] == insights, "\(name)")
                #expect(events[name]?["dashboards"] as? [Int] == dashboards, "\(name)")
            }
            let atRisk = (usage["dashboards_at_risk"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(atRisk) == ["Revenue <b>", "Growth"])
            // The markdown report escapes the dashboard's name.
            let markdown = try String(contentsOf: directory.appendingPathComponent("out/steward-report.json"), encoding: .utf8)
            #expect(!markdown.isEmpty)

            // The same audit from a snapshot file judges usage offline and finds the same.
            let snap = try await run(["snapshot", "--host", base, "--project", "1", "--output", "snap.json"], in: directory)
            #expect(
                snap.exitCode == 0 && snap.standardError.contains("6 saved insights, 2 dashboards and 1 actions"), "\(snap.standardError)")
            let offline = try await run(["audit", "--from", "snap.json"] + audit + ["--output-dir", "offline"], in: directory)
            #expect(offline.exitCode == 0, "\(offline.standardError)")
            let (again, offlineReport) = try findings(directory, "offline/steward-report.json")
            func keys(_ list: [[String: Any]]) -> [String] {
                list.map { "\($0["rule"] ?? "")|\($0["event_name"] ?? "")|\($0["message"] ?? "")" }.sorted()
            }
            #expect(keys(again) == keys(found))
            #expect(NSDictionary(dictionary: (offlineReport["usage"] as? [String: Any]) ?? [:]) == NSDictionary(dictionary: usage))
        }
    }

    @Test(arguments: [false, true])
    func fixesProtectChartedEventsAndTagAtRiskDashboardsReversibly(personalKeysMayBulkTag: Bool) async throws {
        try await withProject("usage-fix", { $0.personalKeyDashboardActions = personalKeysMayBulkTag }) { base, directory, project in
            _ = try await api(base, "PATCH", "dashboards/\(project.dashboards["Growth"]!)/", ["tags": ["keep"]])
            func tags() async throws -> [Int: [String]] {
                let list =
                    try await fetchJSON(base + "/api/projects/1/dashboards/?personal_api_key=\(FetchCLITests.secret)") as? [String: Any]
                var found: [Int: [String]] = [:]
                for row in (list?["results"] as? [[String: Any]]) ?? [] { found[row["id"] as! Int] = row["tags"] as? [String] }
                return found
            }
            let before = try await tags()
            let plan = try await run(
                [
                    "fix", "--host", base, "--project", "1", "--policy", "policy.yml", "--now", "2026-06-01", "--unsafe", "--tag-at-risk",
                    "--plan-out", "plan.json", "--format", "json",
                ], in: directory)
            #expect(plan.exitCode == 0, "\(plan.standardError)")
            let written =
                try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("plan.json"))) as? [String: Any]
            let actions = (written?["actions"] as? [[String: Any]]) ?? []
            let skipped = (written?["skipped"] as? [[String: Any]]) ?? []
            let hides = Set(actions.filter { $0["field"] as? String == "hidden" }.compactMap { $0["event_name"] as? String })
            #expect(!hides.contains(project.stale) && !hides.contains(project.legacy) && hides.contains(project.uncharted))
            let reason = skipped.first { $0["event_name"] as? String == project.stale }?["reason"] as? String
            #expect(
                reason?.hasPrefix("in use (1 saved insight on dashboards \"Revenue <b>\" (#1), \"Growth\" (#2)") == true, "\(reason ?? "")")
            let tagging = actions.filter { $0["field"] as? String == "dashboard_tags" }
            #expect(Set(tagging.compactMap { $0["event_name"] as? String }) == ["Revenue <b>", "Growth"])
            // Apply the tagging alone (the plan is reviewed and trimmed, as a person would).
            var trimmed = written!
            trimmed["actions"] = tagging
            try JSONSerialization.data(withJSONObject: trimmed).write(to: directory.appendingPathComponent("tags.json"))
            let applied = try await run(["fix", "--apply", "tags.json", "--yes", "--host", base, "--project", "1"], in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            var expected = before
            expected[project.dashboards["Revenue <b>"]!] = ["steward:at-risk"]
            expected[project.dashboards["Growth"]!] = ["keep", "steward:at-risk"]
            #expect(try await tags() == expected)
            let routes = try await statuses(base)
            if personalKeysMayBulkTag {
                // The one PATCH is this test's own ("keep").
                #expect(routes["POST dashboards bulk_update_tags"]?["200"] == 1 && routes["PATCH dashboards partial_update"]?["200"] == 1)
            } else {
                #expect(routes["POST dashboards bulk_update_tags"]?["403"] == 1 && routes["PATCH dashboards partial_update"]?["200"] == 3)
                #expect((applied.standardOutput + applied.standardError).contains("tagged with one PATCH each"))
            }
            let undone = try await run(["undo", "1", "--yes", "--host", base, "--project", "1"], in: directory)
            #expect(undone.exitCode == 0, "\(undone.standardError)")
            #expect(try await tags() == before, "undo restores every dashboard's tags exactly")
        }
    }

    @Test func aDashboardDeletedBetweenPlanAndApplyIsSkipped() async throws {
        try await withProject("usage-deleted") { base, directory, project in
            let plan = try await run(
                [
                    "fix", "--host", base, "--project", "1", "--policy", "policy.yml", "--now", "2026-06-01", "--tag-at-risk", "--plan-out",
                    "plan.json",
                ],
                in: directory)
            #expect(plan.exitCode == 0, "\(plan.standardError)")
            _ = try await api(base, "PATCH", "dashboards/\(project.dashboards["Growth"]!)/", ["deleted": true])
            let applied = try await run(
                ["fix", "--apply", "plan.json", "--yes", "--host", base, "--project", "1", "--format", "json"], in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardError)")
            let store = try HistoryStore.open(at: directory.appendingPathComponent(".steward/history.sqlite").path, create: false)
            let entries = try store.fixRun(1)?.entries.filter { $0.action.field == .dashboardTags } ?? []
            #expect(entries.count == 2)
            #expect(entries.filter { $0.status == .skipped }.map(\.action.eventName) == ["Growth"])
            #expect(entries.first { $0.status == .skipped }?.reason == "PostHog no longer has this dashboard (deleted since the plan)")
            #expect(entries.first { $0.action.eventName == "Revenue <b>" }?.status == .done)
        }
    }

    @Test(arguments: [true, false])
    func publishKeepsOneDashboardWithTheLatestScore(personalKeysMayUseTemplates: Bool) async throws {
        try await withProject("publish", { $0.personalKeyDashboardActions = personalKeysMayUseTemplates }) { base, directory, project in
            let audit = ["audit", "--host", base, "--project", "1", "--policy", "policy.yml", "--now", "2026-06-01", "--fail-on", "never"]
            #expect(try await run(audit, in: directory).exitCode == 0)
            let first = try await run(["publish", "--host", base, "--project", "1", "--format", "json"], in: directory)
            #expect(first.exitCode == 0, "\(first.standardError)")
            let outcome = try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any]
            #expect(outcome?["how"] as? String == (personalKeysMayUseTemplates ? "created from template" : "created"))
            #expect((outcome?["failed_tiles"] as? [Any])?.isEmpty == true)
            let routes = try await statuses(base)
            #expect(routes["POST dashboards create_from_template_json"]?[personalKeysMayUseTemplates ? "200" : "403"] == 1)
            // The score changes: hide the uncharted stale event, audit again, publish again.
            let id = try #require(project.definitions.first { $0.name == project.uncharted }?.id)
            _ = try await api(base, "PATCH", "event_definitions/\(id)/", ["hidden": true])
            #expect(try await run(audit, in: directory).exitCode == 0)
            let second = try await run(["publish", "--host", base, "--project", "1", "--format", "json"], in: directory)
            #expect(second.exitCode == 0, "\(second.standardError)")
            let again = try JSONSerialization.jsonObject(with: Data(second.standardOutput.utf8)) as? [String: Any]
            #expect(again?["how"] as? String == "updated" && again?["dashboard"] as? Int == outcome?["dashboard"] as? Int)
            let list = try await fetchJSON(base + "/api/projects/1/dashboards/?personal_api_key=\(FetchCLITests.secret)") as? [String: Any]
            let named = ((list?["results"] as? [[String: Any]]) ?? []).filter { $0["name"] as? String == "Event taxonomy health" }
            #expect(named.count == 1, "exactly one dashboard of that name")
            let board =
                try await fetchJSON(
                    base + "/api/projects/1/dashboards/\(outcome?["dashboard"] as! Int)/?personal_api_key=\(FetchCLITests.secret)")
                as? [String: Any]
            let tiles = (board?["tiles"] as? [[String: Any]]) ?? []
            let texts = tiles.compactMap { ($0["text"] as? [String: Any])?["body"] as? String }
            #expect(texts.count == 5 && texts.allSatisfy { $0.count <= 4_000 })
            let latest = try await run(["history", "list", "--format", "json"], in: directory)
            let runs =
                ((try JSONSerialization.jsonObject(with: Data(latest.standardOutput.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])
                ?? []
            let score = try #require((runs.first { $0["id"] as? Int == 2 } ?? runs.last)?["score"] as? Double)
            #expect(texts.contains { $0.hasPrefix("### Compliance score") && $0.contains(String(format: "%.1f%%", score)) }, "\(texts)")
            #expect(texts.contains { $0.contains("Since run 1") })
            let insight = tiles.compactMap { $0["insight"] as? [String: Any] }.first
            #expect(insight?["name"] as? String == "At-risk events, last 90 days")
            #expect(tiles.filter { $0["insight"] is [String: Any] }.count == 1, "the insight tile is kept, not added again")
            // A tile someone added that cannot be computed is reported (run_insights), and left alone.
            let dashboardID = try #require(outcome?["dashboard"] as? Int)
            _ = try await api(
                base, "POST", "insights/",
                [
                    "name": "Broken", "saved": true, "dashboards": [dashboardID],
                    "query": ["kind": "InsightVizNode", "source": ["kind": "NopeQuery"]],
                ])
            let third = try await run(["publish", "--host", base, "--project", "1", "--format", "json"], in: directory)
            #expect(third.exitCode == 0, "\(third.standardError)")
            let failed =
                (try JSONSerialization.jsonObject(with: Data(third.standardOutput.utf8)) as? [String: Any])?["failed_tiles"] as? [String]
            #expect(failed?.count == 1 && failed?.first?.contains("(Broken): Unknown query kind 'NopeQuery'.") == true, "\(failed ?? [])")
            #expect(third.standardError.contains("warning: an insight tile failed to compute"))
        }
    }
}

extension UsageGovernanceTests {
    @Test func aKeyWithoutTheUsageScopesDegradesToUnavailableSaidOnce() async throws {
        try await withSimulator({
            $0.definitions = 300; $0.seed = 47
            $0.apiKeys = [APIKey(spec: "\(FetchCLITests.secret):event_definition:read,insight:read,action:read")!]
        }) { base in
            let directory = Fixtures.temporaryDirectory("usage-scope")
            Fixtures.write(Self.policy, to: "policy.yml", in: directory)
            let audit = try await run(
                [
                    "audit", "--host", base, "--project", "1", "--policy", "policy.yml", "--no-history", "--now", "2026-06-01", "--format",
                    "json",
                    "--output-dir", "out", "--fail-on", "never",
                ], in: directory)
            #expect(audit.exitCode == 0, "\(audit.standardError)")
            let lines = audit.standardError.split(separator: "\n").filter { $0.contains("usage unavailable") }
            #expect(lines.count == 1 && lines[0].contains("the key lacks dashboard:read"), "\(audit.standardError)")
            let (found, report) = try findings(directory)
            let usage = report["usage"] as? [String: Any]
            #expect(usage?["source"] as? String == "unavailable" && (usage?["reason"] as? String)?.contains("dashboard:read") == true)
            #expect(!found.contains { ["stale_in_use", "hidden_in_use", "unused_event"].contains($0["rule"] as? String) })
        }
    }

    @Test func explainShowsWhatChartsAnEventFromASnapshot() async throws {
        try await withSimulator({
            $0.definitions = 300; $0.seed = 47
        }) { base in
            let directory = Fixtures.temporaryDirectory("usage-explain")
            let project = try await build(base)
            #expect(try await run(["snapshot", "--host", base, "--project", "1", "--output", "snap.json"], in: directory).exitCode == 0)
            let text = try await run(["explain", project.stale, "--from", "snap.json", "--now", "2026-06-01"], in: directory)
            #expect(text.exitCode == 0, "\(text.standardError)")
            #expect(
                text.standardOutput.contains(
                    "usage: insight \(project.insights["Stale"]!) Stale; dashboard 1 Revenue <b>; dashboard 2 Growth"))
            #expect(
                text.standardOutput.contains("their tiles are flat"),
                "the usage rules judge the event in explain too: \(text.standardOutput)")
            let json = try await run(["explain", project.stale, "--from", "snap.json", "--format", "json"], in: directory)
            let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
            let dashboards = ((object?["usage"] as? [String: Any])?["dashboards"] as? [[String: Any]]) ?? []
            #expect(dashboards.compactMap { $0["name"] as? String } == ["Revenue <b>", "Growth"])
        }
    }
}
