import Foundation
import StewardCore

/// GitHub Actions workflow commands (`::error title=…::message`) for the job log and the run's
/// annotations. GitHub shows at most 10 errors and 10 warnings per step (and 50 annotations per job), so
/// the most severe findings go first, each level is capped, and a notice says how many were left out.
public struct GitHubReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "github"
    /// The extension of the file it writes.
    public static let fileExtension = "github.txt"
    /// Whether its output goes to standard output.
    public static let writesToStandardOutput = true

    /// Annotations per level (error, warning, notice), GitHub's per-step limit.
    public var perLevel: Int

    /// Creates one from its parts.
    public init(perLevel: Int = 10) {
        self.perLevel = perLevel
    }

    /// Renders the whole report.
    public func render(_ report: AuditReport) -> String {
        let file = report.policySources.first { !$0.hasPrefix("<") && !$0.hasPrefix("preset:") }
        var out = Self.annotations(report.indicesBySeverity().lazy.map { report.result.findings[$0] }, perLevel: perLevel) { finding in
            guard let file else { return [] }
            let line = report.ruleLocations[finding.ruleID].flatMap { $0.file == file ? $0.line : nil } ?? 1
            return ["file=" + Escaping.githubProperty(file), "line=\(line)"]
        }
        let summary = report.result.summary
        out += "::notice title=Steward::\(report.result.definitionCount) definitions: \(summary.errors) errors, "
        out += "\(summary.warnings) warnings, \(summary.infos) infos; compliance "
        out += "\(Escaping.githubData(String(format: "%.1f", report.result.complianceScore)))%25\n"
        return out
    }

    /// One workflow command per finding, most severe first as given, at most `perLevel` per level (GitHub's limit
    /// per step), each placed by `place` (`file=…`, `line=…` properties) and titled by rule and event; then a
    /// notice counting those left out.
    static func annotations(_ findings: some Sequence<Finding>, perLevel: Int, place: (Finding) -> [String]) -> String {
        var out = ""
        var shown: [String: Int] = [:]
        var leftOut = 0
        for finding in findings {
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info, .off: command = "notice"
            }
            guard shown[command, default: 0] < perLevel else {
                leftOut += 1
                continue
            }
            shown[command, default: 0] += 1
            let properties =
                place(finding) + ["title=" + Escaping.githubProperty("\(finding.ruleID): \(TextReporter.clip(finding.eventName))")]
            out += "::\(command) \(properties.joined(separator: ","))::\(Escaping.githubData(finding.message))\n"
        }
        if leftOut > 0 {
            out += "::notice title=Steward::\(leftOut) more finding\(leftOut == 1 ? "" : "s") not annotated "
            out += "(GitHub shows \(perLevel) per level per step); see the uploaded reports.\n"
        }
        return out
    }
}
