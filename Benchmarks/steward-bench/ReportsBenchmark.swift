import Foundation
import StewardCore
import StewardReports
import StewardTestSupport

/// Renders every report format for a linted synthetic project and times each, with the bytes it writes.
func reportsBenchmark(size: Int) throws -> String {
    let policy = try PolicyLoader().load(["default"])
    let definitions = SyntheticProject(count: size, seed: 7, includeHostileNames: true).definitions()
    let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
    var report = AuditReport(
        result: result, source: "bench", policySources: policy.sources, generatedAt: Fixtures.now, toolVersion: "bench")
    report.definitions = definitions
    report.ruleLocations = policy.rules.mapValues(\.location)
    var table = "| format | files | bytes | render time |\n|---|---|---|---|\n"
    for identifier in Reporters.identifiers {
        guard let reporter = Reporters.reporter(identifier) else { continue }
        var files: [ReportFile] = []
        let elapsed = seconds { files = reporter.files(report) }
        let bytes = files.reduce(0) { $0 + $1.contents.utf8.count }
        let row =
            "| \(identifier) | \(files.map(\.name).joined(separator: ", ")) | \(String(format: "%.1f MiB", Double(bytes) / 1_048_576)) | \(String(format: "%.2f s", elapsed)) |"
        print(row)
        table += row + "\n"
    }
    return "Reports for \(size) definitions (\(result.findings.count) findings), rendered in memory:\n\n" + table
}
