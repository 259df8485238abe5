import Foundation
import StewardCore
import StewardReports

/// Renders reports and writes them: text to standard output, other formats to `steward-report.<ext>` files.
public enum ReportWriter {
    /// The base name of every report file.
    public static let baseName = "steward-report"

    /// Rejects unknown formats, and several formats with nowhere to put them.
    public static func validate(formats: [String], outputDirectory: String?) throws(StewardError) {
        guard !formats.isEmpty else {
            throw StewardError(.usage, "--format needs at least one format: \(Reporters.identifiers.joined(separator: ", ")).")
        }
        for format in formats where Reporters.reporter(format) == nil {
            throw StewardError(.usage, "unknown format '\(format)'; available: \(Reporters.identifiers.joined(separator: ", ")).")
        }
        if outputDirectory == nil, formats.filter({ !Self.isStandardOutput($0) }).count > 1 {
            throw StewardError(.usage, "several file formats need --output-dir to write them to.")
        }
    }

    /// Whether a format is meant for standard output (the terminal text, GitHub's workflow commands).
    public static func isStandardOutput(_ format: String) -> Bool {
        Reporters.reporter(format).map { type(of: $0).writesToStandardOutput } ?? false
    }

    /// Renders each format; text and GitHub commands (or a lone format with no output directory) go to
    /// standard output, the rest to their files in the output directory.
    public static func write(_ report: AuditReport, formats: [String], outputDirectory: String?, color: Bool)
        throws(StewardError) -> (standardOutput: String, files: [String])
    {
        var timings = StageTimings()
        return try write(report, formats: formats, outputDirectory: outputDirectory, color: color, timings: &timings)
    }

    /// The same, timing each format as a stage.
    public static func write(
        _ report: AuditReport, formats: [String], outputDirectory: String?, color: Bool, timings: inout StageTimings
    ) throws(StewardError) -> (standardOutput: String, files: [String]) {
        var standardOutput = ""
        var files: [String] = []
        for format in formats {
            let toTerminal = isStandardOutput(format) || outputDirectory == nil
            // Color only for what goes to the terminal; files never get escape sequences.
            guard let reporter = Reporters.reporter(format, color: toTerminal && color) else { continue }
            if toTerminal {
                standardOutput += reporter.render(report)
            } else {
                for file in reporter.files(report) {
                    let path = (outputDirectory! as NSString).appendingPathComponent(file.name)
                    try writeAtomically(file.contents, to: path)
                    files.append(path)
                }
            }
            timings.lap("report \(format)")
        }
        return (standardOutput, files)
    }

    /// Writes through a temporary file and a rename, so a reader never sees half a report.
    public static func writeAtomically(_ text: String, to path: String) throws(StewardError) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw StewardError(.storage, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
