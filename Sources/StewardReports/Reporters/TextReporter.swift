import Foundation
import StewardCore

/// Findings grouped by rule for a terminal: colored when allowed, with control characters escaped.
public struct TextReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "text"
    /// The extension of the file it writes.
    public static let fileExtension = "txt"
    /// Whether its output goes to standard output.
    public static let writesToStandardOutput = true

    /// Whether to use ANSI colors (off for files, pipes and `NO_COLOR`).
    public var color: Bool
    /// How many findings to list per rule before summarising the rest; nil lists all.
    public var limitPerRule: Int?

    /// Creates a text reporter.
    public init(color: Bool = false, limitPerRule: Int? = 20) {
        self.color = color
        self.limitPerRule = limitPerRule
    }

    private func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    private func label(_ severity: Severity) -> String {
        switch severity {
        case .error: return paint("error", "31;1")
        case .warning: return paint("warning", "33;1")
        case .info: return paint("info", "36")
        case .off: return "off"
        }
    }

    /// Renders the whole report.
    public func render(_ report: AuditReport) -> String {
        let result = report.result
        var lines: [String] = []
        var byRule: [String: [Finding]] = [:]
        var worst: [String: Severity] = [:]
        // "(new)" marks what this run opened, once there is an earlier run to be new against.
        let newFlags = report.history.flatMap { $0.previousRunID == nil ? nil : $0.isNew }
        var isNew: Set<FindingKey> = []
        for (index, finding) in result.findings.enumerated() {
            byRule[finding.ruleID, default: []].append(finding)
            worst[finding.ruleID] = max(worst[finding.ruleID] ?? .off, finding.severity)
            if let newFlags, index < newFlags.count, newFlags[index] { isNew.insert(finding.key) }
        }
        // Most severe rules first, then the biggest groups, then by id; computed once per rule, not per comparison.
        let ordered = byRule.keys.sorted { a, b in
            if worst[a]! != worst[b]! { return worst[a]! > worst[b]! }
            if byRule[a]!.count != byRule[b]!.count { return byRule[a]!.count > byRule[b]!.count }
            return a < b
        }
        for rule in ordered {
            let findings = byRule[rule]!
            let severity = worst[rule]!
            lines.append("\(paint(rule, "1")) \(label(severity)) — \(findings.count) finding\(findings.count == 1 ? "" : "s")")
            let shown = limitPerRule.map { Array(findings.prefix($0)) } ?? findings
            for finding in shown {
                let marker = isNew.contains(finding.key) ? " " + paint("(new)", "35") : ""
                lines.append(
                    "  \(TerminalText.sanitize(finding.eventName.isEmpty ? "(empty name)" : Self.clip(finding.eventName)))\(marker): \(TerminalText.sanitize(Self.clip(finding.message, to: 400)))"
                )
            }
            if shown.count < findings.count {
                lines.append("  … and \(findings.count - shown.count) more (every finding is in --format json)")
            }
            lines.append("")
        }
        let summary = result.summary
        let score = String(format: "%.1f", result.complianceScore)
        lines.append(
            "\(result.definitionCount) definitions, \(result.inScopeCount) in scope: "
                + "\(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s"), "
                + "\(summary.infos) info\(summary.infos == 1 ? "" : "s")"
                + (summary.waived > 0 ? ", \(summary.waived) waived" : "") + "; compliance \(score)%")
        if !report.complete { lines.append(paint("warning: the definitions are incomplete; findings may be missing", "33")) }
        if let history = report.history { lines += historyLines(history) }
        if let gate = report.gate { lines += gateLines(gate) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func historyLines(_ history: AuditHistory) -> [String] {
        guard let previous = history.previousRunID else {
            return ["history: run \(history.runID) recorded; the first, so every finding opened now."]
        }
        var lines = [
            "history: run \(history.runID) against run \(previous): \(history.newCount) new, \(history.resolved.count) resolved"
                + (history.status == "incomplete" ? " (incomplete: nothing could be resolved)" : "") + "."
        ]
        let limit = limitPerRule ?? history.resolved.count
        for finding in history.resolved.prefix(limit) {
            lines.append("  \(paint("resolved", "32")) \(TerminalText.sanitize(Self.clip(finding.eventName))) [\(finding.ruleID)]")
        }
        if history.resolved.count > limit { lines.append("  … and \(history.resolved.count - limit) more resolved") }
        return lines
    }

    private func gateLines(_ gate: GateOutcome) -> [String] {
        var lines: [String] = []
        if let path = gate.baselinePath {
            lines.append(
                "baseline \(TerminalText.sanitize(path)) accepted \(gate.baselined) finding\(gate.baselined == 1 ? "" : "s")"
                    + (gate.staleBaseline.isEmpty
                        ? "."
                        : "; \(gate.staleBaseline.count) entr\(gate.staleBaseline.count == 1 ? "y is" : "ies are") stale (fixed or gone): run `steward baseline write` to drop them.")
            )
            for entry in gate.staleBaseline.prefix(limitPerRule ?? gate.staleBaseline.count) {
                lines.append("  stale \(TerminalText.sanitize(Self.clip(entry.eventName))) [\(entry.ruleID)]")
            }
        }
        guard gate.threshold != .off else { return lines }
        let scope = gate.newOnly ? "new finding" : "finding"
        lines.append(
            gate.failing == 0
                ? "gate: passed (no \(scope)s at or above \(gate.threshold.rawValue))."
                : "gate: failed by \(gate.failing) \(scope)\(gate.failing == 1 ? "" : "s") at or above \(gate.threshold.rawValue).")
        return lines
    }

    /// Long names (PostHog allows 400 characters, files allow anything) are shortened for the terminal.
    public static func clip(_ text: String, to limit: Int = 120) -> String {
        guard text.utf8.count > limit else { return text }
        let clipped = text.prefix(limit)
        return clipped.count < text.count ? clipped + "…" : text
    }
}
