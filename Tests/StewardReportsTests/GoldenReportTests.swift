import Foundation
import StewardCore
import StewardReports
import StewardTestSupport
import Testing

/// Every reporter against a checked-in golden file, for one report that has a bit of everything: history,
/// a gate with a baseline, a trend, owners and tags, groups, stale events, a waiver, and hostile names.
/// Regenerate after an intended change with `STEWARD_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests`.
@Suite struct GoldenReportTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func report() -> AuditReport {
        let ana = User(id: 1, email: "ana@example.com")
        let definitions = [
            EventDefinition(id: "d1", name: "<script>alert(1)</script>", tags: ["web"]),
            EventDefinition(id: "d2", name: "user_123_signed_up", owner: ana, tags: ["growth", "web"]),
            EventDefinition(id: "d3", name: "user_456_signed_up", owner: ana),
            EventDefinition(id: "d4", name: "Signed Up", owner: ana, tags: ["growth"]),
            EventDefinition(id: "d5", name: "old | report `viewed`", tags: []),
            EventDefinition(id: "d6", name: "line\nbreak\u{1B}[31m", owner: User(id: 2, email: "bo@example.com")),
        ]
        let findings = [
            Finding(
                ruleID: "owner_required", severity: .error, eventID: "d1", eventName: definitions[0].name,
                message: "'<script>alert(1)</script>' has no owner."),
            Finding(
                ruleID: "near_duplicate_name", severity: .warning, eventID: "d4", eventName: "Signed Up",
                message: "'Signed Up' looks like 'signed_up'; keep one.", value: "Signed Up", group: "signedup"),
            Finding(
                ruleID: "owner_required", severity: .error, eventID: "d5", eventName: definitions[4].name,
                message: "'old | report `viewed`' has no owner."),
            Finding(
                ruleID: "stale_not_hidden", severity: .warning, eventID: "d5", eventName: definitions[4].name,
                message: "'old | report `viewed`' was last seen 400 days ago (on 2025-04-27) and is still visible.", value: "2025-04-27",
                fix: .hide),
            Finding(
                ruleID: "waiver_expiring", severity: .info, eventID: "d6", eventName: definitions[5].name,
                message: "The waiver of name_pattern for 'line break' expires on 2026-06-10, in 9 days (steward.yml:12:5).",
                value: "2026-06-10", group: "name_pattern"),
            Finding(
                ruleID: "dynamic_name", severity: .error, eventID: "d2", eventName: "user_123_signed_up",
                message: "'user_123_signed_up' embeds a value; 2 events share the template user_#_signed_up.", value: "user_#_signed_up",
                group: "user_#_signed_up"),
            Finding(
                ruleID: "dynamic_name", severity: .error, eventID: "d3", eventName: "user_456_signed_up",
                message: "'user_456_signed_up' embeds a value; 2 events share the template user_#_signed_up.", value: "user_#_signed_up",
                group: "user_#_signed_up"),
        ]
        var result = LintResult(
            definitionCount: 6, inScopeCount: 6, definitionsWithErrors: 4, findings: findings, waived: [],
            enabledRules: ["dynamic_name", "near_duplicate_name", "owner_required", "stale_not_hidden"], policyHash: "0123456789abcdef")
        result.definitionPositions = [0, 3, 4, 4, 5, 1, 2]
        var report = AuditReport(
            result: result, source: "https://eu.posthog.com project 42", policySources: ["steward.yml"], generatedAt: Fixtures.now,
            toolVersion: "9.9.9-golden")
        report.definitions = definitions
        report.sourceNotes = ["3 definitions had null tags; dropped", "a note with <markup> & | pipes"]
        report.ruleLocations = [
            "owner_required": SourceLocation(file: "steward.yml", line: 4, column: 3),
            "dynamic_name": SourceLocation(file: "<preset default>", line: 9, column: 3),
        ]
        report.history = AuditHistory(
            runID: 7, previousRunID: 6, status: "complete", isNew: [true, false, false, false, false, true, false],
            resolved: [
                Finding(
                    ruleID: "owner_required", severity: .error, eventID: "d9", eventName: "[fixed](javascript:x)",
                    message: "'[fixed](javascript:x)' has no owner.")
            ])
        report.gate = GateOutcome(
            threshold: .error, newOnly: true, baselinePath: "steward-baseline.json", baselined: 1,
            staleBaseline: [Baseline.Entry(eventID: "d8", ruleID: "owner_required", eventName: "gone_event")], failing: 2)
        report.trend = [
            TrendPoint(runID: 5, startedAt: Fixtures.now.adding(days: -2), score: 20, errors: 9, warnings: 3),
            TrendPoint(runID: 6, startedAt: Fixtures.now.adding(days: -1), score: 25, errors: 8, warnings: 3),
            TrendPoint(runID: 7, startedAt: Fixtures.now, score: 33.3, errors: 4, warnings: 2),
        ]
        return report
    }

    static let cases: [(String, any Reporter)] = [
        ("text", TextReporter(color: false)), ("json", JSONReporter()), ("html", HTMLReporter(nonce: "golden-file-nonce")),
        ("markdown", MarkdownReporter()),
        ("sarif", SARIFReporter()), ("junit", JUnitReporter()), ("github", GitHubReporter()),
    ]

    @Test(arguments: cases.map(\.0))
    func matchesItsGoldenFiles(format: String) throws {
        let reporter = Self.cases.first { $0.0 == format }!.1
        let report = Self.report()
        let files =
            type(of: reporter).writesToStandardOutput
            ? [ReportFile(name: "steward-report.\(type(of: reporter).fileExtension)", contents: reporter.render(report))]
            : reporter.files(report)
        for file in files {
            let golden = Self.directory.appendingPathComponent(file.name)
            if ProcessInfo.processInfo.environment["STEWARD_UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try file.contents.write(to: golden, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(file.contents == expected, "\(file.name) differs from its golden file; review and regenerate if intended")
        }
        // The same report renders the same bytes twice (no clocks, no hash-order)
        #expect(reporter.render(report) == reporter.render(Self.report()))
    }

    /// The markdown report lists each rule's most severe findings up to its cap and counts the rest (at one per
    /// rule here, so the golden file shows the cap on every rule of the report).
    @Test func theBoundedMarkdownReportMatchesItsGoldenFile() throws {
        let reporter = MarkdownReporter(perRuleLimit: 1)
        let file = try #require(reporter.files(Self.report()).first { $0.name == "steward-report.md" })
        let golden = Self.directory.appendingPathComponent("steward-report.bounded.md")
        if ProcessInfo.processInfo.environment["STEWARD_UPDATE_GOLDEN"] == "1" {
            try file.contents.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(file.contents == (try String(contentsOf: golden, encoding: .utf8)), "review and regenerate if intended")
        #expect(file.contents.contains("… and 1 more `owner_required` findings."))
        #expect(file.contents.contains("2 findings are counted, not listed"))
    }

    @Test func eachHTMLReportHasItsOwnUnpredictableNonce() throws {
        let report = Self.report()
        func nonce(_ html: String) -> String? {
            guard let range = html.range(of: #"script-src 'nonce-[A-Za-z0-9+/=]+'"#, options: .regularExpression) else { return nil }
            return String(html[range].dropFirst("script-src 'nonce-".count).dropLast())
        }
        let first = HTMLReporter().render(report)
        let second = HTMLReporter().render(report)
        let (a, b) = (try #require(nonce(first)), try #require(nonce(second)))
        // Same content, different nonces: nothing an event name writes can predict it
        #expect(a != b && a.count >= 22)
        #expect(first.contains("<script nonce=\"\(a)\">"))
    }
}
