import Foundation
import StewardCore

/// What `steward publish` puts on the PostHog dashboard for one recorded audit: markdown text tiles (score and
/// trend, new and resolved, worst rules, owners, at-risk dashboards), each within PostHog's 4,000-character
/// limit, and the events an insight tile charts over 90 days (the most-charted at-risk ones).
public struct HealthDashboard: Sendable {
    /// One text tile: its heading line identifies it when the dashboard is updated.
    public struct Text: Sendable, Equatable {
        /// The first line, `### …`: the same on every run.
        public var heading: String
        /// The whole markdown body, heading first.
        public var body: String
    }

    /// PostHog refuses text bodies longer than this.
    public static let textLimit = 4_000
    /// The at-risk events the insight tile charts, at most.
    public static let chartedEvents = 5
    /// The insight tile's name, which identifies it when the dashboard is updated.
    public static let insightName = "At-risk events, last 90 days"

    /// The text tiles, in layout order.
    public var texts: [Text]
    /// The events the insight charts (empty: no insight tile).
    public var atRiskEvents: [String]
    /// The dashboard's description.
    public var description: String

    /// Builds the tiles from a recorded audit and the names of the dashboards its findings mention.
    public init(_ report: AuditReport, dashboardNames: [Int: String], host: String?) {
        let result = report.result
        var score =
            "### Compliance score\n\n**\(String(format: "%.1f%%", result.complianceScore))** of \(result.inScopeCount) definitions in scope"
        score += " (run \(report.history?.runID ?? 0), judged \(report.generatedAt.iso8601)).\n\n"
        score +=
            "| errors | warnings | infos |\n|---:|---:|---:|\n| \(result.summary.errors) | \(result.summary.warnings) | \(result.summary.infos) |\n"
        let trend = report.trend.suffix(14)
        if trend.count > 1 {
            let first = trend.first!.score, last = trend.last!.score
            let change = last - first
            score +=
                "\nTrend over the last \(trend.count) runs: \(trend.map { String(format: "%.1f", $0.score) }.joined(separator: " → "))"
                + " (\(change >= 0 ? "+" : "")\(String(format: "%.1f", change)) points).\n"
        }
        var texts = [Self.bounded(score)]

        var changes = "### New and resolved\n\n"
        if let history = report.history, let previous = history.previousRunID {
            let new = result.findings.indices.filter { report.isNew($0) }.map { result.findings[$0] }
            changes += "Since run \(previous): **\(new.count) new**, **\(history.resolved.count) resolved**.\n"
            if !new.isEmpty { changes += "\nNew:\n\n" + new.map { "- \(Escaping.markdownCode($0.eventName)) \($0.ruleID)\n" }.joined() }
            if !history.resolved.isEmpty {
                changes += "\nResolved:\n\n" + history.resolved.map { "- \(Escaping.markdownCode($0.eventName)) \($0.ruleID)\n" }.joined()
            }
        } else {
            changes += "The first recorded run: nothing to compare with yet.\n"
        }
        texts.append(Self.bounded(changes))

        let breakdown = report.sharedBreakdown
        var rules = "### Worst rules\n\n| rule | errors | warnings | infos |\n|---|---:|---:|---:|\n"
        rules += breakdown.byRule.map { "| \(Escaping.markdown($0.key)) | \($0.errors) | \($0.warnings) | \($0.infos) |\n" }.joined()
        if breakdown.byRule.isEmpty { rules += "| none | 0 | 0 | 0 |\n" }
        texts.append(Self.bounded(rules))

        var owners = "### Owners\n\n| owner | errors | warnings | infos |\n|---|---:|---:|---:|\n"
        owners += breakdown.byOwner.map { "| \(Escaping.markdown($0.key)) | \($0.errors) | \($0.warnings) | \($0.infos) |\n" }.joined()
        if breakdown.byOwner.isEmpty { owners += "| none | 0 | 0 | 0 |\n" }
        texts.append(Self.bounded(owners))

        // At-risk dashboards from the findings themselves: stale_in_use and hidden_in_use carry the dashboards'
        // ids, so a run recorded last night says them without reading PostHog again.
        var byDashboard: [Int: Set<String>] = [:]
        var weight: [String: Int] = [:]
        for finding in result.findings where UsageIndex.atRiskRules.contains(finding.ruleID) {
            let ids = (finding.value ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            weight[finding.eventName] = max(weight[finding.eventName] ?? 0, max(1, ids.count))
            for id in ids { byDashboard[id, default: []].insert(finding.eventName) }
        }
        var risk = "### Dashboards at risk\n\n"
        if byDashboard.isEmpty {
            risk += "None: no dashboard charts a hidden or stale event.\n"
        } else {
            risk += "Dashboards charting events that are hidden or no longer arrive: their tiles are flat or hard to edit.\n\n"
            risk += "| dashboard | at-risk events |\n|---|---|\n"
            for (id, events) in byDashboard.sorted(by: { ($1.value.count, $0.key) < ($0.value.count, $1.key) }) {
                let name = dashboardNames[id].map { "\(Escaping.markdown($0)) (#\(id))" } ?? "#\(id)"
                let shown = events.sorted().prefix(8).map(Escaping.markdownCode).joined(separator: ", ")
                risk += "| \(name) | \(shown)\(events.count > 8 ? ", … \(events.count - 8) more" : "") |\n"
            }
        }
        texts.append(Self.bounded(risk))
        self.texts = texts
        atRiskEvents = weight.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(Self.chartedEvents).map(\.key)
        description =
            "Kept by Steward from its audit of \(report.source)" + (host.map { " (\($0))" } ?? "")
            + "; edited tiles are overwritten on the next publish."
    }

    /// The insight query: a daily trend of each at-risk event over 90 days (flat where an event stopped).
    public var insightQuery: [String: Any] {
        [
            "kind": "InsightVizNode",
            "source": [
                "kind": "TrendsQuery",
                "series": atRiskEvents.map { ["kind": "EventsNode", "event": $0, "name": $0, "math": "total"] },
                "dateRange": ["date_from": "-90d"], "interval": "day", "trendsFilter": ["display": "ActionsLineGraph"],
            ] as [String: Any],
        ]
    }

    /// A body cut at whole lines to fit PostHog's limit, saying how many lines were left out.
    static func bounded(_ body: String) -> Text {
        let heading = String(body.prefix { $0 != "\n" })
        guard body.count > textLimit else { return Text(heading: heading, body: body) }
        // Whole lines while they fit, leaving room for the note (one pass: a body may list thousands of findings).
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var kept: [Substring] = []
        var length = 0
        for line in lines {
            guard length + line.count + 1 <= textLimit - 80 else { break }
            kept.append(line)
            length += line.count + 1
        }
        let note = "\n… and \(lines.count - kept.count) more lines in Steward's report."
        return Text(heading: heading, body: kept.joined(separator: "\n") + note)
    }
}
