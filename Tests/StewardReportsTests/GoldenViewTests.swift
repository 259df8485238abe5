import Foundation
import StewardCore
import StewardHistory
import StewardReports
import StewardTestSupport
import Testing

/// Every command's own output (rules, check, explain, fix plan and run, history list, show, trend and
/// prune) in text and JSON against checked-in golden files, for fixtures with hostile names.
/// Regenerate after an intended change with `STEWARD_UPDATE_GOLDEN=1 swift test --filter GoldenViewTests`.
@Suite struct GoldenViewTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/views")

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    static let summary = """
        {"id": 7, "started_at": "2026-06-01T00:00:00Z", "finished_at": "2026-06-01T00:01:00Z", "judged_at": "2026-06-01T00:00:00Z",
         "status": "complete", "source": "https://us.posthog.com project 1", "host": "https://us.posthog.com", "project": "1",
         "policy_hash": "abc123", "tool_version": "0.0.0-test", "definitions": 120, "in_scope": 110, "with_errors": 9, "errors": 12,
         "warnings": 30, "infos": 2, "waived": 1, "new": 3, "resolved": 2, "changed_definitions": 4, "score": 91.8, "error": null,
         "details_pruned": false}
        """
    static let failed = """
        {"id": 6, "started_at": "2026-05-31T00:00:00Z", "finished_at": "2026-05-31T00:00:05Z", "judged_at": "2026-05-31T00:00:00Z",
         "status": "failed", "source": "https://us.posthog.com project 1", "host": null, "project": null, "policy_hash": null,
         "tool_version": "0.0.0-test", "definitions": 0, "in_scope": 0, "with_errors": 0, "errors": 0, "warnings": 0, "infos": 0,
         "waived": 0, "new": 0, "resolved": 0, "changed_definitions": 0, "score": null,
         "error": "PostHog could not be reached: \\u001b[31mred\\u001b[0m", "details_pruned": false}
        """
    static let finding = """
        {"event_id": "d1", "event_name": "::error title=x::<b>bold</b>\\u200b", "rule": "owner_required", "severity": "error",
         "message": "no owner", "value": null, "opened_run": 5, "opened_at": "2026-05-20T00:00:00Z", "closed_run": null}
        """

    static func outputs() throws -> [(String, String)] {
        let runs = [try decode(RunSummary.self, summary), try decode(RunSummary.self, failed)]
        let detail = try decode(
            RunDetail.self,
            """
            {"run": \(summary), "previous_run": 5, "new": [\(finding)], "resolved": [],
             "by_rule": [{"key": "owner_required", "errors": 12, "warnings": 0, "infos": 0}],
             "by_owner": [{"key": "(no owner)", "errors": 12, "warnings": 3, "infos": 0}], "by_tag": [],
             "open_by_age": [{"label": "8–30 days", "minimum_days": 8, "count": 12}], "oldest_open": \(finding)}
            """)
        let series: [(run: Int64, counts: [RunDetail.Count])] = [
            (6, [try decode(RunDetail.Count.self, #"{"key": "owner_required", "errors": 14, "warnings": 0, "infos": 0}"#)]),
            (7, [try decode(RunDetail.Count.self, #"{"key": "owner_required", "errors": 12, "warnings": 0, "infos": 0}"#)]),
        ]
        let pruned = try decode(
            PruneOutcome.self,
            #"{"pruned_runs": 3, "deleted_findings": 40, "deleted_versions": 9, "bytes_before": 4194304, "bytes_after": 1048576}"#)
        let check = CheckReport(
            names: ["signup_completed", "Signed Up", "$pageview", "\u{202E}evil"],
            findings: [
                Finding(
                    ruleID: "name_pattern", severity: .error, eventID: "candidate-1", eventName: "Signed Up",
                    message: "'Signed Up' does not follow the naming convention."),
                Finding(
                    ruleID: "name_pattern", severity: .error, eventID: "candidate-3", eventName: "\u{202E}evil",
                    message: "'\u{202E}evil' does not follow the naming convention."),
            ],
            outOfScope: ["$pageview"], rules: ["name_pattern", "dynamic_name"], exitCode: 1)
        var explanation = Explanation(name: "Signed\u{1B}[2J Up", id: "d4", policySources: ["steward.yml"], outOfScope: nil)
        explanation.overrides = [.init(number: 1, location: "steward.yml:9:5", selector: "{tags: [legacy]}", rules: ["name_pattern"])]
        explanation.rules = [
            .init(rule: "name_pattern", severity: "off", location: "steward.yml:10:9", verdict: "off", message: nil),
            .init(rule: "owner_required", severity: "error", location: "steward.yml:3:3", verdict: "finding", message: "no owner\u{7}"),
            .init(rule: "dynamic_name", severity: "error", location: nil, verdict: "ok", message: nil),
        ]
        explanation.waivers = [
            .init(location: "steward.yml:14:5", rule: "owner_required", expires: "2026-05-01", expired: true, reason: "DATA-1")
        ]
        explanation.waiverFindings = ["waiver_expired: the waiver expired on 2026-05-01"]
        let outOfScope = Explanation(
            name: "$pageview", id: nil, policySources: ["<preset default>"], outOfScope: "it is one of PostHog's own events")
        let plan = try decode(
            FixPlan.self,
            """
            {"format": "steward-fix-plan", "version": 1, "host": "https://us.posthog.com", "project": "1", "policy_hash": "abc",
             "created_at": "2026-06-01T00:00:00Z", "seen": {"d1": "2026-05-01T00:00:00Z"},
             "actions": [
               {"event_id": "d1", "event_name": "checkout\\u001b[31m", "field": "tags", "before": {"kind": "tags", "tags": []},
                "after": {"kind": "tags", "tags": ["web"]}, "safe": true, "rules": ["tags_required"]},
               {"event_id": "d1", "event_name": "checkout\\u001b[31m", "field": "hidden", "before": {"kind": "flag", "flag": false},
                "after": {"kind": "flag", "flag": true}, "safe": false, "rules": ["stale_not_hidden"]}],
             "skipped": [{"event_id": "d2", "event_name": "x", "rule": "owner_required", "reason": "no owner mapping (no default_owner)"}]}
            """)
        var run = FixRunReport(runID: 3)
        (run.done, run.skipped, run.failed) = (10, 2, 0)
        run.skipReasons = [("changed in PostHog since the plan\u{1B}[0m", 2)]
        run.requests = ["bulk_update_tags": 1, "PATCH": 9]
        run.notes = ["PostHog answered 402 for PATCH"]
        return [
            ("rules.txt", RulesCatalog.text()),
            ("rule-name_length.txt", try #require(RuleRegistry.builtIn.rule("name_length")).description.text),
            ("rule-name_length.json", RulesCatalog.json(only: "name_length")),
            ("check.txt", check.text()), ("check.json", check.json()),
            ("explain.txt", explanation.text()), ("explain.json", explanation.json()), ("explain-out-of-scope.txt", outOfScope.text()),
            ("fix-plan.txt", FixPlanView.text(plan)), ("fix-plan.json", FixPlanView.json(plan)),
            ("fix-run.txt", run.text()), ("fix-run.json", run.json()),
            ("history-list.txt", HistoryView.list(runs, path: "h.sqlite", format: "text")),
            ("history-list.json", HistoryView.list(runs, path: "h.sqlite", format: "json")),
            ("history-empty.txt", HistoryView.list([], path: "h.sqlite", format: "text")),
            ("history-show.txt", HistoryView.show(detail, format: "text", limit: 20)),
            ("history-show.json", HistoryView.show(detail, format: "json", limit: 20)),
            ("history-trend.txt", HistoryView.trend(series, dimension: "rule", top: 15, path: "h.sqlite", format: "text")),
            ("history-trend.json", HistoryView.trend(series, dimension: "rule", top: 15, path: "h.sqlite", format: "json")),
            ("history-prune.txt", HistoryView.prune(pruned, path: "h.sqlite", format: "text")),
            ("history-prune.json", HistoryView.prune(pruned, path: "h.sqlite", format: "json")),
        ]
    }

    @Test func everyViewMatchesItsGoldenFile() throws {
        for (name, contents) in try Self.outputs() {
            let golden = Self.directory.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["STEWARD_UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try contents.write(to: golden, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(contents == expected, "\(name) differs from its golden file; review and regenerate if intended")
            // Text views escape what came from PostHog: no raw escape, bell, bidi or zero-width character
            if name.hasSuffix(".txt") {
                #expect(
                    !contents.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E || $0.value == 0x200B },
                    "\(name)")
                #expect(!contents.split(separator: "\n").contains { $0.drop { $0 == " " }.hasPrefix("::") }, "\(name)")
            }
            if name.hasSuffix(".json") { #expect((try? JSONSerialization.jsonObject(with: Data(contents.utf8))) != nil, "\(name) is JSON") }
        }
    }
}

extension RuleDescription {
    /// The one-rule text `steward rules ID` prints.
    fileprivate var text: String { RulesCatalog.text(for: self) }
}
