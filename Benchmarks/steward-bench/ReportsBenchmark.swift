import Foundation
import StewardCore
import StewardReports
import StewardTestSupport

/// Renders every report format for a linted synthetic project and times each, with the bytes it writes.
func reportsBenchmark(size: Int, formats: [String]? = nil) throws -> String {
    let policy = try PolicyLoader().load(["default"])
    let definitions = SyntheticProject(count: size, seed: 7, includeHostileNames: true).definitions()
    let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
    var report = AuditReport(
        result: result, source: "bench", policySources: policy.sources, generatedAt: Fixtures.now, toolVersion: "bench")
    report.definitions = definitions
    report.ruleLocations = policy.rules.mapValues(\.location)
    var table = "| format | files | bytes | render time |\n|---|---|---|---|\n"
    for identifier in formats ?? Reporters.identifiers {
        guard let reporter = Reporters.reporter(identifier) else { continue }
        // Streamed to /dev/null a megabyte at a time, as an audit writes its files.
        var files: [ReportFile] = []
        var bytes = 0
        let sink = open("/dev/null", O_WRONLY)
        defer { close(sink) }
        let elapsed = seconds {
            files = reporter.files(report)
            for file in files {
                let output = ReportOutput(descriptor: sink)
                file.write(to: output)
                _ = output.finish()
                bytes += output.byteCount
            }
        }
        let row =
            "| \(identifier) | \(files.map(\.name).joined(separator: ", ")) | \(String(format: "%.1f MiB", Double(bytes) / 1_048_576)) | \(String(format: "%.2f s", elapsed)) |"
        print(row)
        table += row + "\n"
    }
    return "Reports for \(size) definitions (\(result.findings.count) findings), each streamed to a file (/dev/null) one after another:\n\n"
        + table
}
