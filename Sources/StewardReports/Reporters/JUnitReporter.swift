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
        let threshold = report.gate?.threshold ?? .error
        var byRule: [String: [Finding]] = [:]
        for finding in report.result.findings { byRule[finding.ruleID, default: []].append(finding) }
        let rules = Set(report.result.enabledRules).union(byRule.keys).sorted()
        func fails(_ finding: Finding) -> Bool { threshold != .off && finding.severity >= threshold }
        let total = rules.reduce(0) { $0 + max(1, byRule[$1]?.count ?? 0) }
        let failures = report.result.findings.filter(fails).count
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"steward\" tests=\"\(total)\" failures=\"\(failures)\" errors=\"0\" "
        out += "timestamp=\"\(report.generatedAt.iso8601)\">\n"
        for rule in rules {
            let findings = byRule[rule] ?? []
            let failing = findings.filter(fails).count
            out +=
                "  <testsuite name=\"\(Escaping.xml(rule))\" tests=\"\(max(1, findings.count))\" failures=\"\(failing)\" errors=\"0\" skipped=\"0\">\n"
            if findings.isEmpty {
                out += "    <testcase classname=\"steward.\(Escaping.xml(rule))\" name=\"no findings\"/>\n"
            }
            for finding in findings {
                let name = finding.eventName.isEmpty ? "(empty name)" : finding.eventName
                out += "    <testcase classname=\"steward.\(Escaping.xml(rule))\" name=\"\(Escaping.xml(name))\">\n"
                let message = Escaping.xml(finding.message)
                let text = "\(finding.severity.rawValue): \(message) (event id \(Escaping.xml(finding.eventID)))"
                if fails(finding) {
                    out += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(message)\">\(text)</failure>\n"
                } else {
                    out += "      <system-out>\(text)</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
    }
}
