import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// Usage as snapshots carry it, and as fixes use it: never hiding what is charted, tagging what is at risk.
@Suite struct UsageDataTests {
    static func query(_ event: String) -> Data {
        try! JSONSerialization.data(
            withJSONObject: [
                "kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": [["kind": "EventsNode", "event": event]]],
            ], options: .sortedKeys)
    }

    static let data = UsageData(
        insights: [
            UsageIndex.Insight(id: 4, name: "Checkout | funnel", dashboards: [2, 9], query: query("checkout_done"), filters: nil),
            UsageIndex.Insight(
                id: 5, name: nil, dashboards: [9], query: nil,
                filters: try! JSONSerialization.data(
                    withJSONObject: ["events": [["id": "old_signup", "type": "events"]]], options: .sortedKeys)),
        ],
        dashboards: [UsageData.Dashboard(id: 2, name: "Revenue <script>", tags: ["finance"]), UsageData.Dashboard(id: 9, name: "Growth")],
        actions: [UsageData.Action(id: 1, name: "Signed up", steps: ["signed_up"])], queryCounts: ["checkout_done": 12])

    @Test func theIndexNamesDashboardsAndCountsActions() {
        let index = Self.data.index
        #expect(index.uses("checkout_done") == UsageIndex.Uses(insights: [4], dashboards: [2, 9]))
        #expect(index.uses("old_signup")?.dashboards == [9], "legacy filters chart their events too")
        #expect(index.isReferenced("signed_up") && index.uses("signed_up") == nil, "an action's step references the event")
        #expect(index.dashboardLabel(2) == "\"Revenue <script>\" (#2)" && index.dashboardLabel(77) == "#77")
        #expect(index.dashboardCount == 2 && index.queryCounts["checkout_done"] == 12)
    }

    @Test func snapshotsCarryUsageAndReadItBack() throws {
        var snapshot = Snapshot(
            host: "https://us.posthog.com", project: "1", complete: true, definitions: [EventDefinition(id: "a", name: "x")])
        snapshot.usage = Self.data
        let bytes = SnapshotWriter.data(snapshot)
        let read = try SnapshotReader.decode(bytes, name: "snap.json")
        #expect(read.usage == Self.data)
        #expect(read.definitions == snapshot.definitions)
        // Without usage the file is as before: no key at all.
        snapshot.usage = nil
        #expect(!String(decoding: SnapshotWriter.data(snapshot), as: UTF8.self).contains("\"usage\""))
    }

    @Test(arguments: [
        (#"{"insights": [{"id": 1}, {"id": "two"}]}"#, "usage.insights[1].id: expected an integer id"),
        (#"{"insights": {"id": 1}}"#, "usage.insights: expected a list of objects"),
        (#"{"dashboards": [{"name": "x"}]}"#, "usage.dashboards[0].id: expected an integer id"),
        (#"{"query_counts": {"a": "many"}}"#, "usage.query_counts: expected event names and counts"),
        (#"[1]"#, "usage: expected an object"),
    ])
    func badUsageInASnapshotSaysWhere(usage: String, message: String) throws {
        let text = #"{"format":"steward-snapshot","version":1,"complete":true,"definitions":[],"usage":"# + usage + "}"
        do {
            _ = try SnapshotReader.decode(Data(text.utf8), name: "snap.json")
            Issue.record("accepted \(usage)")
        } catch {
            #expect(error.message == "snap.json: \(message).")
            #expect(error.kind == .usage)
        }
    }

    func plan(_ definitions: [EventDefinition], hideInUse: Bool = false, tag: String? = nil) throws -> FixPlan {
        let policy = "rules: { stale_not_hidden: { severity: warning, after_days: 90 }, stale_in_use: warning, hidden_in_use: warning }"
        let result = try Linter(policy: PolicyLoader().load(text: policy, file: "p.yml"), now: Fixtures.now, usage: Self.data.index).lint(
            definitions)
        return FixPlanner(unsafe: true).plan(
            definitions: definitions, result: result, host: "h", project: "1", createdAt: Fixtures.now, usage: Self.data,
            hideInUse: hideInUse, atRiskTag: tag)
    }

    @Test func aPlanNeverHidesAChartedEventUnlessAsked() throws {
        let charted = EventDefinition.example("checkout_done", lastSeenDaysAgo: 400)
        let loose = EventDefinition.example("nobody_charts_this", lastSeenDaysAgo: 400)
        let plan = try plan([charted, loose])
        #expect(Set(plan.actions.filter { $0.field == .hidden }.map(\.eventName)) == ["nobody_charts_this"])
        let reason = try #require(plan.skipped.first { $0.eventName == "checkout_done" }?.reason)
        #expect(reason.hasPrefix(#"in use (1 saved insight on dashboards "Revenue <script>" (#2), "Growth" (#9) chart it"#), "\(reason)")
        let anyway = try self.plan([charted, loose], hideInUse: true)
        #expect(Set(anyway.actions.filter { $0.field == .hidden }.map(\.eventName)) == ["checkout_done", "nobody_charts_this"])
    }

    @Test func atRiskDashboardsAreTaggedOncePerDashboard() throws {
        let stale = EventDefinition.example("checkout_done", lastSeenDaysAgo: 45)
        let hidden = EventDefinition.example("old_signup", hidden: true, lastSeenDaysAgo: 2)
        let plan = try plan([stale, hidden], tag: " Steward:At-Risk ")
        let tagging = plan.actions.filter { $0.field == .dashboardTags }
        #expect(tagging.map(\.eventID).sorted() == ["dashboard:2", "dashboard:9"])
        let revenue = try #require(tagging.first { $0.eventID == "dashboard:2" })
        #expect(revenue.before == .tags(["finance"]) && revenue.after == .tags(["finance", "steward:at-risk"]) && revenue.safe)
        #expect(tagging.first { $0.eventID == "dashboard:9" }?.rules == ["hidden_in_use", "stale_in_use"])
        try plan.validate(name: "plan.json")
        // A dashboard that has the tag already gets no action.
        var tagged = Self.data
        tagged.dashboards[0].tags.append("steward:at-risk")
        let policy = "rules: { stale_in_use: warning }"
        let result = try Linter(policy: PolicyLoader().load(text: policy, file: "p.yml"), now: Fixtures.now, usage: tagged.index).lint([
            stale
        ])
        let again = FixPlanner(unsafe: false).plan(
            definitions: [stale], result: result, host: "h", project: "1", createdAt: Fixtures.now, usage: tagged,
            atRiskTag: "steward:at-risk")
        #expect(again.actions.map(\.eventID) == ["dashboard:9"])
    }
}

extension UsageDataTests {
    @Test func unreadableQueriesAreCountedAndNamedNeverFatal() {
        let data = UsageData(
            insights: [
                UsageIndex.Insight(id: 8, name: "Broken <b>", dashboards: [1], query: Data(#"{"no":"kind"}"#.utf8), filters: nil),
                UsageIndex.Insight(id: 9, name: "Fine", dashboards: [1], query: Self.query("ok_event"), filters: nil),
            ], dashboards: [], actions: [])
        let index = data.index
        #expect(index.unreadable == [8] && index.uses("ok_event")?.insights == [9])
        #expect(index.unreadableNote == #"1 insight query could not be read ("Broken <b>" (#8)); their events were not counted"#)
    }
}

extension UsageDataTests {
    @Test func insightPagesAreReadFromTheirBytesKeepingQueriesAsSent() throws {
        let page = Data(
            #"""
            {"count": 3, "next": "http://x/?offset=2", "previous": null, "results": [
              {"id": 1, "name": "A \"quoted\" one", "dashboards": [4, 2], "query": {"kind": "InsightVizNode", "source": {"kind": "TrendsQuery", "series": [{"kind": "EventsNode", "event": "é"}]}}, "filters": {}},
              {"id": 2, "name": null, "dashboards": [], "query": null, "filters": {"events": [{"id": "old", "type": "events"}]}, "extra": [1, {"a": null}]},
              {"name": "no id"}
            ]}
            """#.utf8)
        let read = try #require(FastDefinitionDecoder.insightPage(page))
        #expect(read.count == 3 && read.more)
        #expect(read.insights.map(\.id) == [1, 2] && read.insights[0].name == "A \"quoted\" one" && read.insights[1].name == nil)
        #expect(read.insights[0].dashboards == [4, 2] && read.insights[0].filters == nil && read.insights[1].query == nil)
        let index = UsageData(insights: read.insights, dashboards: [], actions: []).index
        #expect(index.uses("é")?.dashboards == [2, 4] && index.uses("old")?.insights == [2])
        #expect(FastDefinitionDecoder.insightPage(Data(#"{"results": [{"id": 1,}]}"#.utf8)) == nil, "malformed: the caller falls back")
    }
}
