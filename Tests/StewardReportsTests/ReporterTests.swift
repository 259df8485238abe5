import Foundation
import StewardCore
import StewardReports
import StewardTestSupport
import Testing

@Suite struct ReporterTests {
    func report(_ findings: [Finding], definitions: Int = 3) -> AuditReport {
        let result = LintResult(
            definitionCount: definitions, inScopeCount: definitions,
            definitionsWithErrors: Set(findings.filter { $0.severity == .error }.map(\.eventID)).count,
            findings: findings, waived: [], enabledRules: ["owner_required", "name_length"], policyHash: "abc")
        return AuditReport(
            result: result, source: "defs.json", policySources: ["<preset default>"], generatedAt: Fixtures.now,
            toolVersion: "0.0.0-test")
    }

    let findings = [
        Finding(ruleID: "owner_required", severity: .error, eventID: "1", eventName: "a\u{1B}[2Jb", message: "'a\u{1B}[2Jb' has no owner."),
        Finding(ruleID: "name_length", severity: .warning, eventID: "2", eventName: "go", message: "'go' is 2 characters long."),
        Finding(ruleID: "owner_required", severity: .error, eventID: "3", eventName: "zz_top", message: "'zz_top' has no owner."),
    ]

    @Test func textGroupsByRuleMostSevereFirstAndEscapesControls() {
        let text = TextReporter(color: false).render(report(findings))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "owner_required error — 2 findings")
        #expect(lines[1] == "  a\\u{1B}[2Jb: 'a\\u{1B}[2Jb' has no owner.")
        #expect(lines.contains("name_length warning — 1 finding"))
        #expect(lines.contains { $0.hasPrefix("3 definitions, 3 in scope: 2 errors, 1 warning, 0 infos; compliance 33.3%") })
        #expect(!text.contains("\u{1B}"))
    }

    @Test func textColorsOnlyWhenAsked() {
        #expect(TextReporter(color: true).render(report(findings)).contains("\u{1B}[31;1merror"))
        #expect(!TextReporter(color: false).render(report(findings)).contains("\u{1B}[31"))
    }

    @Test func textSummarisesLongRules() {
        let many = (0..<30).map { Finding(ruleID: "owner_required", severity: .error, eventID: "\($0)", eventName: "e\($0)", message: "m") }
        let text = TextReporter(color: false, limitPerRule: 5).render(report(many, definitions: 30))
        #expect(text.contains("  … and 25 more (every finding is in --format json)"))
    }

    /// `steward-report.md` lists the most severe 100 findings per rule by default (errors before the same rule's
    /// warnings, which an override can make), counts the rest and says where every finding is; `--full` lists all.
    @Test func theMarkdownReportIsBoundedPerRuleUnlessFull() throws {
        let many = (0..<250).map { index in
            Finding(
                ruleID: "owner_required", severity: index % 50 == 7 ? .error : .warning, eventID: "\(index)",
                eventName: String(format: "e%03d", index), message: "'\(String(format: "e%03d", index))' has no owner.")
        }
        func markdown(_ reporter: MarkdownReporter) throws -> String {
            let file = try #require(reporter.files(report(many, definitions: 250)).first { $0.name == "steward-report.md" })
            return file.contents
        }
        let bounded = try markdown(MarkdownReporter())
        let rows = bounded.split(separator: "\n").filter { $0.hasPrefix("| `e") }
        #expect(rows.count == 100)
        // The five errors come first, then warnings in report order.
        #expect(rows.prefix(5).allSatisfy { $0.contains("| error |") })
        #expect(rows[0].hasPrefix("| `e007`") && rows[5].hasPrefix("| `e000`"))
        #expect(bounded.contains("… and 150 more `owner_required` findings."))
        #expect(bounded.contains("150 findings are counted, not listed"))
        let full = try markdown(MarkdownReporter(perRuleLimit: nil))
        #expect(full.split(separator: "\n").filter { $0.hasPrefix("| `e") }.count == 250)
        #expect(!full.contains("more `owner_required` findings"))
    }

    @Test func jsonIsDeterministicAndRoundTrips() throws {
        let first = JSONReporter().render(report(findings))
        #expect(first == JSONReporter().render(report(findings)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(object["format_version"] as? Int == 1)
        #expect((object["generated_at"] as? String) == "2026-06-01T00:00:00Z")
        let decoded = try JSONDecoder().decode([Finding].self, from: JSONSerialization.data(withJSONObject: object["findings"]!))
        #expect(decoded == findings)
    }
}
