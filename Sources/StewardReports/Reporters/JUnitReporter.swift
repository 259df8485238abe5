import StewardCore

/// JUnit XML, as GitLab, Jenkins, Azure DevOps and most CI systems read it: a test suite per rule, a test
/// case per finding (a failure when its severity reaches the gate's threshold, otherwise a passing case
/// that says what it found), and one passing case for each rule that found nothing.
public struct JUnitReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "junit"
    /// The extension of the file it writes.
    public static let fileExtension = "junit.xml"

    /// Creates one with the defaults.
    public init() {}

    /// Writes the whole report to `output`.
    public func write(_ report: AuditReport, to out: ReportOutput) {
        Self.write(
            report.result.findings, rules: report.result.enabledRules, threshold: report.gate?.threshold ?? .error, name: "steward",
            classPrefix: "steward", timestamp: report.generatedAt
        ) { finding in
            let message = Escaping.xml(finding.message)
            return (
                finding.eventName.isEmpty ? "(empty name)" : finding.eventName, "",
                "\(finding.severity.rawValue): \(message) (event id \(Escaping.xml(finding.eventID)))"
            )
        } emit: {
            out += $0
        }
    }

    /// The document for `findings`: a suite per rule (those in `rules` with no finding get one passing case),
    /// a case per finding named and described by `testCase` (its name, extra attributes, and body text, escaped).
    static func write(
        _ findings: [Finding], rules enabled: [String], threshold: Severity, name: String, classPrefix: String, timestamp: Timestamp,
        testCase: (Finding) -> (name: String, attributes: String, text: String), emit: (String) -> Void
    ) {
        var byRule: [String: [Finding]] = [:]
        for finding in findings { byRule[finding.ruleID, default: []].append(finding) }
        let rules = Set(enabled).union(byRule.keys).sorted()
        func fails(_ finding: Finding) -> Bool { threshold != .off && finding.severity >= threshold }
        let total = rules.reduce(0) { $0 + max(1, byRule[$1]?.count ?? 0) }
        emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        emit("<testsuites name=\"\(name)\" tests=\"\(total)\" failures=\"\(findings.filter(fails).count)\" errors=\"0\" ")
        emit("timestamp=\"\(timestamp.iso8601)\">\n")
        for rule in rules {
            let mine = byRule[rule] ?? []
            let classname = "\(classPrefix).\(Escaping.xml(rule))"
            emit(
                "  <testsuite name=\"\(Escaping.xml(rule))\" tests=\"\(max(1, mine.count))\" failures=\"\(mine.filter(fails).count)\" errors=\"0\" skipped=\"0\">\n"
            )
            if mine.isEmpty { emit("    <testcase classname=\"\(classname)\" name=\"no findings\"/>\n") }
            for finding in mine {
                let (caseName, attributes, text) = testCase(finding)
                emit("    <testcase classname=\"\(classname)\" name=\"\(Escaping.xml(caseName))\"\(attributes)>\n")
                if fails(finding) {
                    emit(
                        "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(Escaping.xml(finding.message))\">\(text)</failure>\n"
                    )
                } else {
                    emit("      <system-out>\(text)</system-out>\n")
                }
                emit("    </testcase>\n")
            }
            emit("  </testsuite>\n")
        }
        emit("</testsuites>\n")
    }
}
