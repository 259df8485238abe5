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

/// The findings table's data: a definition's findings sit side by side and share its quoted name, and a row
/// must still name its own finding's event (a waiver's finding can sit at a definition of another name).
@Suite struct HTMLFindingsDataTests {
    /// The rows of the report's embedded data, each as (name, rule, owner, message) texts.
    func rows(_ html: String) throws -> [(name: String, rule: String, owner: String, message: String)] {
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rules = try #require(object["rules"] as? [String])
        let owners = try #require(object["owners"] as? [String])
        let messages = try #require(object["messages"] as? [String])
        let rows = try #require(object["rows"] as? [[Any]])
        return try rows.map { row in
            let name = try #require(row[0] as? String)
            let numbers = row.dropFirst().map { ($0 as? NSNumber)?.intValue ?? -1 }
            return (name, rules[numbers[0]], owners[numbers[2]], messages[numbers[3]])
        }
    }

    @Test func everyRowNamesItsOwnFindingsEventWithItsOwnMessage() throws {
        let names = ["Signed Up", "signed_up", "a\u{1B}[31mred", "<b>bold</b>", "caf\u{E9}", "cafe\u{301}", "user_1234_done", "x"]
        let definitions = names.enumerated().map { index, name in
            EventDefinition.example(name, owner: index % 2 == 0 ? nil : "o\(index)@example.com", description: nil, tags: [])
        }
        let policy = try PolicyLoader().load(
            text: "rules: { owner_required: error, description_required: warning, tags_required: info, dynamic_name: error }",
            file: "p.yml")
        var result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
        // A finding about another event placed at the last definition's position, as a waiver's can be
        let last = try #require(result.findings.indices.last)
        var positions = result.positions(in: definitions)
        result.findings.append(
            Finding(ruleID: "waiver_expired", severity: .error, eventID: "gone", eventName: "gone_event", message: "'gone_event' waiver."))
        positions.append(positions[last])
        result.definitionPositions = positions
        var report = AuditReport(
            result: result, source: "defs.json", policySources: ["p.yml"], generatedAt: Fixtures.now, toolVersion: "0.0.0-test")
        report.definitions = definitions
        let rows = try rows(HTMLReporter(nonce: "n").render(report))
        #expect(rows.count == result.findings.count)
        #expect(Set(result.findings.map { Array($0.eventName.utf8) }).count == names.count + 1)
        for (row, finding) in zip(rows, result.findings) {
            let name = TerminalText.sanitize(finding.eventName)
            #expect(row.name == name)
            #expect(row.rule == finding.ruleID)
            #expect(MessageTemplate.expand(row.message, naming: name) == TerminalText.sanitize(finding.message))
        }
        // Canonically equal names with other bytes keep their own bytes
        #expect(rows.contains { Array($0.name.utf8) == Array("caf\u{E9}".utf8) })
        #expect(rows.contains { Array($0.name.utf8) == Array("cafe\u{301}".utf8) })
    }
}
