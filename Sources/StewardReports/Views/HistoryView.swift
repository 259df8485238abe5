import Foundation
import StewardCore
import StewardHistory

/// `steward history`, `history show`, `history trend` and `history prune`, rendered as text or JSON from
/// the values history returns.
public enum HistoryView {
    /// The table of runs, newest first; `path` names the database when there are none.
    public static func list(_ runs: [RunSummary], path: String, format: String) -> String {
        if format == "json" { return json(RunList(runs: runs)) }
        guard !runs.isEmpty else { return "No runs recorded in \(path) yet.\n" }
        var rows = [["run", "started (UTC)", "status", "definitions", "errors", "warnings", "new", "resolved", "score"]]
        for run in runs {
            rows.append([
                "\(run.id)", started(run.startedAt), run.status.rawValue,
                run.status == .failed ? "–" : "\(run.definitions)",
                run.status == .failed ? "–" : "\(run.errors)",
                run.status == .failed ? "–" : "\(run.warnings)",
                run.status == .failed ? "–" : "\(run.newFindings)",
                run.status == .failed ? "–" : "\(run.resolvedFindings)",
                run.score.map { String(format: "%.1f%%", $0) } ?? "–",
            ])
        }
        var text = table(rows, rightAligned: [0, 3, 4, 5, 6, 7, 8])
        for run in runs where run.status == .failed {
            text += "run \(run.id) failed: \(TerminalText.sanitize(run.error ?? "unknown error"))\n"
        }
        return text
    }

    /// One run in detail, at most `limit` items per section in text.
    public static func show(_ detail: RunDetail, format: String, limit: Int) -> String {
        if format == "json" { return json(detail) }
        let summary = detail.run
        var lines = [
            "run \(summary.id): \(summary.status.rawValue), started \(started(summary.startedAt)) UTC, judged as of \(summary.judgedAt.iso8601)",
            "source: \(TerminalText.sanitize(summary.source)); policy \(summary.policyHash ?? "–"); Steward \(summary.toolVersion)",
        ]
        if summary.status == .failed {
            lines.append("failed: \(TerminalText.sanitize(summary.error ?? "unknown error")); no finding changed state.")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append(
            "\(summary.definitions) definitions, \(summary.inScope) in scope: \(summary.errors) errors, \(summary.warnings) warnings, "
                + "\(summary.infos) infos; compliance \(summary.score.map { String(format: "%.1f%%", $0) } ?? "–")")
        lines.append(
            "\(summary.newFindings) new and \(summary.resolvedFindings) resolved"
                + (detail.previousRunID.map { " since run \($0)" } ?? " (first run)")
                + "; \(summary.changedDefinitions) definitions changed")
        if summary.detailsPruned { lines.append("(details pruned by `steward history prune`; counts are kept)") }
        func findings(_ title: String, _ items: [HistoryFinding]) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(title):")
            for item in items.prefix(limit) {
                lines.append("  \(item.severity.rawValue) \(TerminalText.sanitize(TextReporter.clip(item.eventName))) [\(item.ruleID)]")
            }
            if items.count > limit { lines.append("  … and \(items.count - limit) more (--limit, or --format json for all)") }
        }
        findings("new", detail.new)
        findings("resolved", detail.resolved)
        func counts(_ title: String, _ items: [RunDetail.Count]) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(title):")
            var rows = [["", "errors", "warnings", "infos"]]
            for item in items.prefix(limit) {
                rows.append([
                    TerminalText.sanitize(TextReporter.clip(item.key, to: 60)), "\(item.errors)", "\(item.warnings)", "\(item.infos)",
                ])
            }
            lines.append(table(rows, rightAligned: [1, 2, 3], indent: "  ").trimmingCharacters(in: .newlines))
            if items.count > limit { lines.append("  … and \(items.count - limit) more") }
        }
        counts("by rule", detail.byRule)
        counts("by owner", detail.byOwner)
        counts("by tag", detail.byTag)
        let open = detail.openByAge.reduce(0) { $0 + $1.count }
        if open > 0 {
            lines.append("")
            lines.append("open findings by age: " + detail.openByAge.map { "\($0.label) \($0.count)" }.joined(separator: ", "))
            if let oldest = detail.oldestOpen {
                lines.append(
                    "oldest: \(TerminalText.sanitize(TextReporter.clip(oldest.eventName))) [\(oldest.ruleID)], open since run \(oldest.openedRun) "
                        + "(\(oldest.ageInDays(at: summary.startedAt)) days)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Findings per rule, owner or tag across the last runs: one row per key, one column per run.
    public static func trend(
        _ series: [(run: Int64, counts: [RunDetail.Count])], dimension: String, top: Int, path: String, format: String
    ) -> String {
        if format == "json" {
            struct Point: Encodable { var run: Int64; var counts: [RunDetail.Count] }
            struct Trend: Encodable { var dimension: String; var runs: [Point] }
            return json(Trend(dimension: dimension, runs: series.map { Point(run: $0.run, counts: $0.counts) }))
        }
        guard let latest = series.last else { return "No runs recorded in \(path) yet.\n" }
        // The keys with the most findings in the latest run, then any that had findings earlier.
        var totals: [String: Int] = [:]
        for point in series { for count in point.counts { totals[count.key, default: 0] += 0 } }
        for count in latest.counts { totals[count.key] = count.total }
        let keys = totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(top).map(\.key)
        var rows = [[dimension] + series.map { "run \($0.run)" }]
        for key in keys {
            rows.append(
                [TerminalText.sanitize(TextReporter.clip(key, to: 50))]
                    + series.map { point in "\(point.counts.first { $0.key == key }?.total ?? 0)" })
        }
        var text = table(rows, rightAligned: Set(1..<(series.count + 1)))
        if totals.count > keys.count { text += "… and \(totals.count - keys.count) more (--top, or --format json for all)\n" }
        return text
    }

    /// What a prune dropped, and the file's size before and after.
    public static func prune(_ outcome: PruneOutcome, path: String, format: String) -> String {
        if format == "json" { return json(outcome) }
        func mib(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        return """
            pruned the details of \(outcome.prunedRuns) run\(outcome.prunedRuns == 1 ? "" : "s"): \(outcome.deletedFindings) closed findings \
            and \(outcome.deletedVersions) superseded definition versions; every run and its counts are kept.
            \(path): \(mib(outcome.bytesBefore)) → \(mib(outcome.bytesAfter))

            """
    }

    private struct RunList: Encodable { var runs: [RunSummary] }

    private static func json(_ value: some Encodable) -> String { ViewJSON.encode(value) }

    private static func started(_ instant: Timestamp) -> String {
        let text = instant.iso8601
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// A plain-text table with columns padded to their widest cell.
    static func table(_ rows: [[String]], rightAligned: Set<Int>, indent: String = "") -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        return rows.map { row in
            indent
                + row.enumerated().map { column, cell in
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return rightAligned.contains(column) ? pad + cell : cell + pad
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }
}
