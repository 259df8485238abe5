import Foundation
import StewardCore

/// GitHub-flavoured markdown: a bounded summary for `$GITHUB_STEP_SUMMARY` and pull-request comments
/// (`steward-summary.md`: the score, counts, what is new and resolved, the top findings, then counts of
/// the rest) and the report (`steward-report.md`: per rule its most severe findings, 100 by default, and
/// a count of the rest; with `perRuleLimit` nil, every finding).
public struct MarkdownReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "markdown"
    /// The extension of the file it writes.
    public static let fileExtension = "md"

    /// GitHub caps a PR comment at 65,536 characters and a step summary at 1 MiB; the summary stays under this.
    public static let summaryLimit = 60_000

    /// How many findings the summary lists.
    public var summaryFindings: Int

    /// How many findings `steward-report.md` lists per rule (the most severe first); nil lists them all (`--full`).
    public var perRuleLimit: Int?

    /// How many findings per rule the report lists unless told to list them all.
    public static let defaultPerRuleLimit = 100

    /// Creates one from its parts.
    public init(summaryFindings: Int = 25, perRuleLimit: Int? = MarkdownReporter.defaultPerRuleLimit) {
        self.summaryFindings = summaryFindings
        self.perRuleLimit = perRuleLimit
    }

    /// The files it writes into the output directory.
    public func files(_ report: AuditReport) -> [ReportFile] {
        [
            ReportFile(name: "steward-summary.md", contents: summary(report)),
            ReportFile(name: "steward-report.md") { write(report, to: $0) },
        ]
    }

    /// The report, written as it goes: every count, and per rule its most severe findings up to the limit.
    public func write(_ report: AuditReport, to out: ReportOutput) {
        out += header(report)
        let breakdown = report.sharedBreakdown
        out += countsTable("Findings by rule", breakdown.byRule, limit: nil)
        out += countsTable("Findings by owner", breakdown.byOwner, limit: nil)
        out += countsTable("Findings by tag", breakdown.byTag, limit: nil)
        out += resolvedSection(report, limit: nil)
        out += atRiskSection(report, limit: nil)
        // Most severe first within a rule (a rule's severity can differ per override), then report order. Bounded,
        // only the findings listed are held; `--full` holds every index.
        let byRule = report.mostSevereByRule(limit: perRuleLimit ?? Int.max)
        var left = 0
        for row in breakdown.byRule {
            let (total, indices) = byRule[row.key] ?? (0, [])
            out += "\n### \(Escaping.markdown(row.key)) (\(row.total))\n\n" + tableHead(report)
            for index in indices { out += findingRow(report, index) }
            if indices.count < total {
                out += "\n… and \(total - indices.count) more \(Escaping.markdownCode(row.key)) findings.\n"
                left += total - indices.count
            }
        }
        if left > 0 {
            out +=
                "\n\(left) findings are counted, not listed: every finding is in `steward-report.json` and `steward-report.html` "
                + "(`--format json,html`), or list them all here with `--full`.\n"
        }
    }

    /// The bounded summary: header, counts, new and resolved, the most severe findings, then counts.
    public func summary(_ report: AuditReport) -> String {
        var out = header(report)
        let breakdown = report.sharedBreakdown
        out += countsTable("Findings by rule", breakdown.byRule, limit: 15)
        out += resolvedSection(report, limit: 10)
        out += atRiskSection(report, limit: 10)
        let total = report.result.findings.count
        if total > 0 {
            out += "\n### Top findings\n\n" + tableHead(report)
            var listed = 0
            for index in report.mostSevere(limit: summaryFindings) {
                let row = findingRow(report, index)
                guard out.utf8.count + row.utf8.count < Self.summaryLimit - 400 else { break }
                out += row
                listed += 1
            }
            if listed < total {
                out += "\n… and \(total - listed) more findings: see `steward-report.md` or `steward-report.html`.\n"
            }
        }
        return out
    }

    private func header(_ report: AuditReport) -> String {
        let result = report.result
        let summary = result.summary
        var out = "## Steward: event definition compliance \(String(format: "%.1f%%", result.complianceScore))\n\n"
        out += "| definitions | in scope | errors | warnings | infos | waived |\n|---:|---:|---:|---:|---:|---:|\n"
        out +=
            "| \(result.definitionCount) | \(result.inScopeCount) | \(summary.errors) | \(summary.warnings) | \(summary.infos) | \(summary.waived) |\n\n"
        out +=
            "Source: \(Escaping.markdown(report.source)). Policy: \(report.policySources.map(Escaping.markdown).joined(separator: ", ")) "
        out += "`\(result.policyHash)`. Judged as of \(report.generatedAt.iso8601) by Steward \(Escaping.markdown(report.toolVersion)).\n"
        if !report.complete { out += "\n> **Warning:** the definitions are incomplete; findings may be missing and none were resolved.\n" }
        if !report.sourceNotes.isEmpty {
            out += "\nHow the definitions were read:\n\n" + report.sourceNotes.map { "- \(Escaping.markdown($0))\n" }.joined()
        }
        if let history = report.history {
            out +=
                history.previousRunID.map {
                    "\nRun \(history.runID) against run \($0): **\(history.newCount) new**, **\(history.resolved.count) resolved**.\n"
                } ?? "\nRun \(history.runID), the first recorded.\n"
        }
        if let gate = report.gate, gate.threshold != .off {
            let scope = gate.newOnly ? "new findings" : "findings"
            out +=
                gate.failing == 0
                ? "\n**Gate passed**: no \(scope) at or above \(gate.threshold.rawValue).\n"
                : "\n**Gate failed**: \(gate.failing) \(scope) at or above \(gate.threshold.rawValue).\n"
            if let path = gate.baselinePath {
                out += "Baseline \(Escaping.markdown(path)) accepted \(gate.baselined); \(gate.staleBaseline.count) stale entries.\n"
            }
        }
        return out
    }

    private func countsTable(_ title: String, _ rows: [ReportBreakdown.Row], limit: Int?) -> String {
        guard !rows.isEmpty else { return "" }
        var out = "\n### \(title)\n\n| | errors | warnings | infos |\n|---|---:|---:|---:|\n"
        let shown = limit.map { Array(rows.prefix($0)) } ?? rows
        for row in shown { out += "| \(Escaping.markdown(row.key)) | \(row.errors) | \(row.warnings) | \(row.infos) |\n" }
        if shown.count < rows.count { out += "| … \(rows.count - shown.count) more | | | |\n" }
        return out
    }

    private func resolvedSection(_ report: AuditReport, limit: Int?) -> String {
        guard let history = report.history, history.previousRunID != nil, !history.resolved.isEmpty else { return "" }
        var out = "\n### Resolved since run \(history.previousRunID!)\n\n| event | rule |\n|---|---|\n"
        let shown = limit.map { Array(history.resolved.prefix($0)) } ?? history.resolved
        for finding in shown { out += "| \(Escaping.markdownCode(finding.eventName)) | \(finding.ruleID) |\n" }
        if shown.count < history.resolved.count { out += "| … \(history.resolved.count - shown.count) more | |\n" }
        return out
    }

    /// The findings table's head: a usage column when the audit judged usage.
    private func tableHead(_ report: AuditReport) -> String {
        report.usage == nil
            ? "| event | severity | message |\n|---|---|---|\n" : "| event | severity | message | usage |\n|---|---|---|---|\n"
    }

    private func findingRow(_ report: AuditReport, _ index: Int) -> String {
        let finding = report.result.findings[index]
        let new = report.isNew(index) ? " 🆕" : ""
        let usage = report.usage.map { " \($0.cell(finding.eventName)) |" } ?? ""
        return "| \(Escaping.markdownCode(finding.eventName))\(new) | \(finding.severity.rawValue) | "
            + "\(Escaping.markdown(TextReporter.clip(finding.message, to: 300))) |\(usage)\n"
    }

    /// "Dashboards at risk": each dashboard charting hidden or stale events, the events and why; or why usage
    /// could not be read.
    private func atRiskSection(_ report: AuditReport, limit: Int?) -> String {
        guard let usage = report.usage else { return "" }
        guard usage.index != nil else {
            return "\n### Dashboards at risk\n\nNot known: \(Escaping.markdown(usage.unavailableReason ?? "usage unavailable")).\n"
        }
        let dashboards = usage.dashboardsAtRisk(report)
        guard !dashboards.isEmpty else { return "\n### Dashboards at risk\n\nNone: no dashboard charts a hidden or stale event.\n" }
        var out = "\n### Dashboards at risk (\(dashboards.count))\n\n| dashboard | at-risk events |\n|---|---|\n"
        let shown = limit.map { Array(dashboards.prefix($0)) } ?? dashboards
        for dashboard in shown {
            let name = dashboard.name.map { "\(Escaping.markdown($0)) (#\(dashboard.id))" } ?? "#\(dashboard.id)"
            let events = dashboard.events.prefix(10).map { "\(Escaping.markdownCode($0.name)) (\($0.why))" }.joined(separator: ", ")
            out += "| \(name) | \(events)\(dashboard.events.count > 10 ? ", … \(dashboard.events.count - 10) more" : "") |\n"
        }
        if shown.count < dashboards.count { out += "| … \(dashboards.count - shown.count) more | |\n" }
        return out
    }
}
