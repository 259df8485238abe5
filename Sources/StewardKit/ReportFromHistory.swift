import StewardCore
import StewardHistory
import StewardReports

/// `steward report`: renders a past run from history, offline, in any format.
public struct ReportFromHistory: Sendable {
    /// Creates one with the defaults.
    public init() {}

    /// The report of a recorded run, as reporters take it.
    public func report(path: String, run: RunReference) throws(StewardError) -> AuditReport {
        let store = try HistoryStore.open(at: path, create: false)
        let audit = try store.recordedAudit(run)
        let summary = audit.run
        let findings = audit.findings.map(\.finding)
        let result = LintResult(
            definitionCount: summary.definitions, inScopeCount: summary.inScope, definitionsWithErrors: summary.withErrors,
            findings: findings, waived: [], enabledRules: Array(Set(findings.map(\.ruleID))).sorted(),
            policyHash: summary.policyHash ?? "")
        var report = AuditReport(
            result: result, source: summary.source, policySources: [], generatedAt: summary.judgedAt, toolVersion: summary.toolVersion,
            complete: summary.status == .complete)
        report.definitions = audit.definitions
        report.history = AuditHistory(
            runID: summary.id, previousRunID: audit.previousRunID, status: summary.status.rawValue,
            isNew: audit.findings.map { $0.openedRun == summary.id }, resolved: audit.resolved.map(\.finding))
        report.trend = try TrendPoint.recent(from: store, upTo: summary.id)
        return report
    }

    /// Renders and writes the formats, as `steward audit` does.
    public func write(path: String, run: RunReference, formats: [String], outputDirectory: String?, full: Bool = false)
        throws(StewardError) -> (standardOutput: String, files: [String])
    {
        try ReportWriter.validate(formats: formats, outputDirectory: outputDirectory)
        return try ReportWriter.write(
            try report(path: path, run: run), formats: formats, outputDirectory: outputDirectory, color: false, full: full)
    }
}
