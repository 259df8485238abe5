import Foundation
import StewardCore

/// What `steward scan` found: every call to a PostHog SDK in the files read, the findings on the names
/// they send, and what was left out and why. Rendered as text (like a compiler), json, sarif, github,
/// junit and markdown.
public struct ScanReport: Sendable {
    /// The folder paths are relative to.
    public var root: String
    /// The paths scanned, as given.
    public var paths: [String]
    /// Files read, by language.
    public var filesByLanguage: [ScanLanguage: Int] = [:]
    /// Files and folders left out, by why (label, count).
    public var skipped: [(label: String, count: Int)] = []
    /// Notes on what was left out, at most a few.
    public var notes: [String] = []
    /// Every call found, in file and line order.
    public var occurrences: [CodeOccurrence] = []
    /// Findings, in file, line and rule order (those a baseline accepts are not here).
    public var findings: [Finding] = []
    /// Findings the baseline accepted.
    public var accepted = 0
    /// With `--new-only`: findings the files already had at the diff base, left out.
    public var existing = 0
    /// With `--new-only`: the revision findings are new against.
    public var diffBase: String?
    /// Baseline entries no finding matches any more.
    public var staleBaseline: [Baseline.Entry] = []
    /// The rules applied.
    public var rules: [String] = []
    /// What the names were judged against ("snapshot.json, 1,204 definitions", or nil for nothing).
    public var definitionsSource: String?
    /// The tracking plan, when one was used.
    public var planSource: String?
    /// The severity that fails the scan.
    public var failOn: Severity = .error
    /// When it ran (injected, so output is deterministic).
    public var generatedAt: Timestamp
    /// The Steward version.
    public var toolVersion: String

    /// Creates an empty report.
    public init(root: String, paths: [String], generatedAt: Timestamp, toolVersion: String) {
        self.root = root
        self.paths = paths
        self.generatedAt = generatedAt
        self.toolVersion = toolVersion
    }

    /// Files read.
    public var fileCount: Int { filesByLanguage.values.reduce(0, +) }
    /// Calls whose name could not be read without running the code.
    public var unresolved: [CodeOccurrence] {
        occurrences.filter {
            if case .unresolved = $0.name { return true }
            return false
        }
    }

    /// 1 when a finding reaches `failOn`, else 0.
    public var exitCode: Int32 { findings.contains { failOn != .off && $0.severity >= failOn } ? 1 : 0 }

    /// Findings by severity.
    public var counts: SeverityCounts {
        var counts = SeverityCounts()
        for finding in findings { counts.add(finding.severity) }
        return counts
    }

    /// One line per finding, `file:line:column: severity: message [rule]`, then unresolved calls and a summary.
    public func text(color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        for finding in findings {
            let place = finding.location.map { TerminalText.sanitize($0.description) } ?? "(no location)"
            let label: String
            switch finding.severity {
            case .error: label = paint("error", "31;1")
            case .warning: label = paint("warning", "33;1")
            case .info, .off: label = paint("info", "36")
            }
            lines.append("\(place): \(label): \(TerminalText.sanitize(finding.message)) [\(finding.ruleID)]")
        }
        let unresolved = self.unresolved
        if !unresolved.isEmpty {
            lines.append("")
            lines.append(
                "\(unresolved.count) call\(unresolved.count == 1 ? "" : "s") name\(unresolved.count == 1 ? "s" : "") an event Steward cannot read without running the code:"
            )
            for occurrence in unresolved.prefix(20) {
                lines.append("  \(TerminalText.sanitize(occurrence.location.description)): \(TerminalText.sanitize(occurrence.shownName))")
            }
            if unresolved.count > 20 { lines.append("  … and \(unresolved.count - 20) more (all are in --format json)") }
        }
        lines.append("")
        lines.append(summaryLine())
        if !skipped.isEmpty {
            lines.append("skipped: " + skipped.map { "\($0.count) \($0.label)" }.joined(separator: ", "))
        }
        for note in notes { lines.append("note: \(TerminalText.sanitize(note))") }
        if let diffBase {
            lines.append(
                "new only: \(existing) finding\(existing == 1 ? "" : "s") the code already had at \(TerminalText.sanitize(diffBase)) left out"
            )
        }
        if accepted > 0 { lines.append("baseline: \(accepted) finding\(accepted == 1 ? "" : "s") accepted") }
        if !staleBaseline.isEmpty {
            lines.append(
                "baseline: \(staleBaseline.count) entr\(staleBaseline.count == 1 ? "y no longer matches" : "ies no longer match") a finding; `steward scan --write-baseline` drops them"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "412 files, 37 calls (3 dynamic, 1 unresolved): 1 error, 2 warnings, 4 infos; judged against …".
    public func summaryLine() -> String {
        let counts = self.counts
        let dynamic = occurrences.filter(\.isDynamic).count
        var line = "\(fileCount) file\(fileCount == 1 ? "" : "s"), \(occurrences.count) call\(occurrences.count == 1 ? "" : "s")"
        line += " (\(dynamic) dynamic, \(unresolved.count) unresolved): "
        line += "\(counts.errors) error\(counts.errors == 1 ? "" : "s"), \(counts.warnings) warning\(counts.warnings == 1 ? "" : "s"), "
        line += "\(counts.infos) info\(counts.infos == 1 ? "" : "s")"
        line += "; judged against " + (definitionsSource.map(TerminalText.sanitize) ?? "no definitions (names only)")
        if let planSource { line += " and the plan \(TerminalText.sanitize(planSource))" }
        return line
    }
}
