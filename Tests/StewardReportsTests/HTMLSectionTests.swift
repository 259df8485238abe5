import Foundation
import StewardCore
import StewardReports
import StewardTestSupport
import Testing

/// The HTML report's summary sections show the first 50 stale definitions by date and name and the 25 biggest
/// dynamic-name clusters with five names each, picked as the findings go by rather than by sorting them all:
/// the picks must be exactly what sorting everything would show.
@Suite struct HTMLSectionTests {
    func report(_ findings: [Finding]) -> AuditReport {
        let result = LintResult(
            definitionCount: findings.count, inScopeCount: findings.count, definitionsWithErrors: 0,
            findings: findings.sorted(by: Finding.reportOrder), waived: [], enabledRules: ["stale_not_hidden", "dynamic_name"],
            policyHash: "abc")
        return AuditReport(
            result: result, source: "defs.json", policySources: ["<preset default>"], generatedAt: Fixtures.now, toolVersion: "0.0.0-test")
    }

    func section(_ html: String, _ heading: String) throws -> String {
        let start = try #require(html.range(of: "<h2>\(heading)"))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.lowerBound])
    }

    func codes(_ section: String) -> [String] {
        section.components(separatedBy: "<code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    @Test func staleDefinitionsShowTheFirstFiftyByDateThenName() throws {
        var generator = SplitMix64(seed: 11)
        let findings = (0..<400).map { index -> Finding in
            let day = String(format: "2025-%02d-%02d", Int.random(in: 1...12, using: &generator), Int.random(in: 1...9, using: &generator))
            let name = "event_\(Int.random(in: 0..<60, using: &generator))_\(index)"
            return Finding(
                ruleID: "stale_not_hidden", severity: .warning, eventID: "id-\(index)", eventName: name,
                message: "'\(name)' was last seen on \(day).", value: day, fix: .hide)
        }
        let html = HTMLReporter(nonce: "n").render(report(findings))
        let stale = try section(html, "Stale but visible")
        #expect(stale.contains("(400)"))
        #expect(stale.contains("… and 350 more (in the findings table)"))
        let expected = findings.sorted { ($0.value ?? "", $0.eventName) < ($1.value ?? "", $1.eventName) }.prefix(50).map(\.eventName)
        #expect(codes(stale) == Array(expected))
    }

    @Test func dynamicClustersShowTheBiggestWithTheirFirstFiveNames() throws {
        var findings: [Finding] = []
        for cluster in 0..<40 {
            for member in 0..<(cluster % 9 + 1) {
                let name = "step_\(member * 7 % 10)\(member)_cluster\(cluster)"
                findings.append(
                    Finding(
                        ruleID: "dynamic_name", severity: .error, eventID: "\(cluster)-\(member)", eventName: name,
                        message: "'\(name)' holds a number.", value: name, group: "step_#_cluster\(cluster)"))
            }
        }
        let html = HTMLReporter(nonce: "n").render(report(findings))
        let clusters = try section(html, "Dynamic-name clusters")
        #expect(clusters.contains("(40)"))
        #expect(clusters.contains("… and 15 more"))
        var byGroup: [String: [String]] = [:]
        for finding in findings { byGroup[finding.group!, default: []].append(finding.eventName) }
        let biggest = byGroup.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.prefix(25)
        let expected = biggest.flatMap { [$0.key] + $0.value.sorted().prefix(5) }
        #expect(codes(clusters) == expected)
    }
}
