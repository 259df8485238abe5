import Foundation
import StewardCore
import StewardTestSupport
import Testing

@testable import StewardReports

/// The JSON report is written finding by finding; it must be the bytes `JSONEncoder` gives the whole document.
@Suite struct JSONStreamingTests {
    /// Every control character, quotes, backslashes, slashes, DEL, line separators and non-ASCII text.
    static let hostile: String = {
        var text = "a\"b\\c/d\u{7F}e\u{2028}f é 😀 <b>"
        for byte in 0..<0x20 { text.unicodeScalars.append(Unicode.Scalar(UInt8(byte))) }
        return text
    }()

    static func report(history: Bool) -> AuditReport {
        let fixes: [SuggestedFix?] = [
            .addTags(["a", Self.hostile]), .removeTags([]), .setOwner(email: "ana@example.com"), .hide, .unhide, .verify,
            .setEnforcementMode(.reject), .setDescription(Self.hostile), nil,
        ]
        var findings = fixes.enumerated().map { index, fix in
            Finding(
                ruleID: "owner_required", severity: index % 3 == 0 ? .error : .warning, eventID: "id-\(index)",
                eventName: "\(Self.hostile) \(index)", message: "'\(Self.hostile) \(index)' has no owner \(Self.hostile).",
                value: index % 2 == 0 ? Self.hostile : nil, group: index % 4 == 0 ? "g\(Self.hostile)" : nil, fix: fix)
        }
        findings[1].location = SourceLocation(file: "src/a \(Self.hostile).ts", line: 3, column: 9)
        let result = LintResult(
            definitionCount: 9, inScopeCount: 9, definitionsWithErrors: 3, findings: findings, waived: [findings[2]],
            enabledRules: ["owner_required"], policyHash: "abc")
        var report = AuditReport(
            result: result, source: "defs \(Self.hostile).json", policySources: ["p.yml"], generatedAt: Fixtures.now,
            toolVersion: "0.0.0-test")
        if history {
            report.history = AuditHistory(
                runID: 2, previousRunID: 1, status: "complete", isNew: [true, false, true], resolved: [findings[4]])
        }
        return report
    }

    @Test(arguments: [false, true])
    func theStreamedReportIsTheEncodersDocumentByteForByte(history: Bool) throws {
        let report = Self.report(history: history)
        let streamed = JSONReporter().render(report)
        #expect(streamed == JSONReporter.encodedWhole(report))
        // And it reads back: the hostile text survives.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(streamed.utf8)) as? [String: Any])
        let first = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(first["value"] as? String == Self.hostile)
    }

    @Test func aReportWithoutFindingsIsTheEncodersToo() {
        var report = Self.report(history: true)
        report.result.findings = []
        #expect(JSONReporter().render(report) == JSONReporter.encodedWhole(report))
    }
}

/// The bounded reports pick a few findings of millions without holding an index per finding: what they pick
/// must be exactly the start of the full order.
@Suite struct SevereFirstSelectionTests {
    @Test func theBoundedSelectionsAreTheStartOfTheFullOrder() {
        let severities: [Severity] = [.info, .warning, .error, .warning, .info]
        let findings = (0..<600).map { index in
            Finding(
                ruleID: ["a", "bb", "a_rule_with_a_long_name"][index % 3], severity: severities[(index / 3) % 5], eventID: "\(index)",
                eventName: "e\(index)", message: "m")
        }
        let result = LintResult(
            definitionCount: 600, inScopeCount: 600, definitionsWithErrors: 0, findings: findings, waived: [], enabledRules: [],
            policyHash: "p")
        let report = AuditReport(result: result, source: "s", policySources: [], generatedAt: Fixtures.now, toolVersion: "0")
        let full = report.indicesBySeverity()
        #expect(full.sorted() == Array(0..<600))
        func rank(_ index: Int) -> Int { [Severity.error, .warning, .info].firstIndex(of: findings[index].severity)! }
        #expect(zip(full, full.dropFirst()).allSatisfy { rank($0) < rank($1) || (rank($0) == rank($1) && $0 < $1) })
        for limit in [0, 1, 7, 150, 600, 1_000] {
            #expect(report.mostSevere(limit: limit) == Array(full.prefix(limit)))
            let byRule = report.mostSevereByRule(limit: limit)
            #expect(byRule.count == 3)
            for rule in ["a", "bb", "a_rule_with_a_long_name"] {
                let ofRule = full.filter { findings[$0].ruleID == rule }
                #expect(byRule[rule]?.total == 200 && byRule[rule]?.indices == Array(ofRule.prefix(limit)), "\(rule) at \(limit)")
            }
        }
    }
}
