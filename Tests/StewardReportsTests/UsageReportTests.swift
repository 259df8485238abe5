import Foundation
import StewardCore
import StewardReports
import StewardTestSupport
import Testing

/// Usage in the reports: the json `usage` section, "Dashboards at risk" and the usage column, names escaped;
/// the publish dashboard's tiles within PostHog's text limit.
@Suite struct UsageReportTests {
    static let index = UsageIndex(
        UsageData(
            insights: [
                UsageIndex.Insight(
                    id: 3, name: "Funnel", dashboards: [7],
                    query: try! JSONSerialization.data(withJSONObject: [
                        "kind": "InsightVizNode",
                        "source": [
                            "kind": "TrendsQuery",
                            "series": [["kind": "EventsNode", "event": "paid"], ["kind": "EventsNode", "event": "gone"]],
                        ],
                    ]), filters: nil)
            ],
            dashboards: [UsageData.Dashboard(id: 7, name: "Revenue | <img src=x onerror=alert(1)>")], actions: []))

    func report(usage: ReportUsage?) -> AuditReport {
        let findings = [
            Finding(
                ruleID: "stale_in_use", severity: .warning, eventID: "g", eventName: "gone", message: "'gone' is stale but charted.",
                value: "7"),
            Finding(ruleID: "owner_required", severity: .error, eventID: "p", eventName: "paid", message: "'paid' has no owner."),
        ]
        let result = LintResult(
            definitionCount: 2, inScopeCount: 2, definitionsWithErrors: 1, findings: findings, waived: [],
            enabledRules: ["stale_in_use", "owner_required"], policyHash: "abc")
        var report = AuditReport(
            result: result, source: "defs.json", policySources: ["default"], generatedAt: Fixtures.now, toolVersion: "0.0.0-test")
        report.definitions = [
            EventDefinition(id: "g", name: "gone", lastSeenAt: Fixtures.now.adding(days: -45)), EventDefinition(id: "p", name: "paid"),
        ]
        report.usage = usage
        return report
    }

    @Test func jsonCarriesTheUsageMapAndTheDashboardsAtRisk() throws {
        let text = JSONReporter().render(report(usage: ReportUsage(index: Self.index)))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let usage = try #require(object?["usage"] as? [String: Any])
        #expect(usage["source"] as? String == "insights" && usage["insights"] as? Int == 1 && usage["dashboards"] as? Int == 1)
        let events = usage["events"] as? [String: [String: [Int]]]
        #expect(events == ["paid": ["insights": [3], "dashboards": [7]], "gone": ["insights": [3], "dashboards": [7]]])
        let risk = usage["dashboards_at_risk"] as? [[String: Any]]
        #expect(risk?.first?["id"] as? Int == 7)
        #expect((risk?.first?["events"] as? [[String: String]])?.first?["why"]?.hasPrefix("not seen since") == true)
        let unavailable = JSONReporter().render(report(usage: ReportUsage(index: nil, unavailableReason: "usage unavailable: no scope")))
        let section = (try JSONSerialization.jsonObject(with: Data(unavailable.utf8)) as? [String: Any])?["usage"] as? [String: Any]
        #expect(section?["source"] as? String == "unavailable" && section?["reason"] as? String == "usage unavailable: no scope")
        #expect(
            (try JSONSerialization.jsonObject(with: Data(JSONReporter().render(report(usage: nil)).utf8)) as? [String: Any])?["usage"]
                == nil)
    }

    @Test func markdownAndHTMLShowDashboardsAtRiskEscaped() {
        let usage = ReportUsage(index: Self.index)
        let markdown = MarkdownReporter().summary(report(usage: usage))
        #expect(markdown.contains("### Dashboards at risk (1)"))
        #expect(markdown.contains(Escaping.markdown("Revenue | <img src=x onerror=alert(1)>") + " (#7)"), "\(markdown)")
        #expect(!markdown.contains("| <img") && !markdown.contains(" <img"))
        #expect(markdown.contains("| event | severity | message | usage |") && markdown.contains("| 1 insight, 1 dashboard |"))
        let html = HTMLReporter(nonce: "n").render(report(usage: usage))
        #expect(html.contains("<h2>Dashboards at risk (1)</h2>") && !html.contains("<img src=x"))
        #expect(html.contains("<th>usage</th>") && html.contains("\"usage\":[\"1 insight, 1 dashboard\"]"))
        let plain = MarkdownReporter().summary(report(usage: nil))
        #expect(!plain.contains("Dashboards at risk") && plain.contains("| event | severity | message |\n"))
    }

    @Test func publishedTextsStayWithinPostHogsLimit() {
        var big = report(usage: nil)
        big.result.findings = (0..<5_000).map {
            Finding(
                ruleID: "stale_in_use", severity: .warning, eventID: "e\($0)", eventName: "event_\($0)", message: "m", value: "\($0 % 300)")
        }
        big.history = AuditHistory(
            runID: 2, previousRunID: 1, status: "complete", isNew: Array(repeating: true, count: 5_000), resolved: [])
        let dashboard = HealthDashboard(big, dashboardNames: [1: "One | two"], host: "https://us.posthog.com")
        #expect(
            dashboard.texts.map(\.heading) == [
                "### Compliance score", "### New and resolved", "### Worst rules", "### Owners", "### Dashboards at risk",
            ])
        #expect(dashboard.texts.allSatisfy { $0.body.count <= HealthDashboard.textLimit })
        #expect(dashboard.texts[1].body.contains("more lines in Steward's report"))
        #expect(dashboard.texts[4].body.contains(#"One \| two (#1)"#))
        #expect(dashboard.atRiskEvents.count == HealthDashboard.chartedEvents)
    }
}
