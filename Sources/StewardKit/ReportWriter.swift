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
        var seen: Set<String> = []
        for format in formats where !seen.insert(format).inserted {
            throw StewardError(.usage, "--format names '\(format)' twice; name each format once.")
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
    public static func write(_ report: AuditReport, formats: [String], outputDirectory: String?, color: Bool, full: Bool = false)
        throws(StewardError) -> (standardOutput: String, files: [String])
    {
        var timings = StageTimings()
        let staged = try render(
            report, formats: formats, outputDirectory: outputDirectory, color: color, full: full, timings: &timings)
        return (staged.standardOutput, try staged.publish())
    }

    /// Renders each format into temporary files beside their final names, every file on its own core at
    /// once, timing each; nothing replaces an earlier report until `publish()`, and `discard()` removes the
    /// temporary files. `full` lists every finding in the markdown report (`--full`), which otherwise lists
    /// the most severe 100 per rule.
    public static func render(
        _ report: AuditReport, formats: [String], outputDirectory: String?, color: Bool, full: Bool = false,
        timings: inout StageTimings
    ) throws(StewardError) -> StagedReports {
        // Counts by rule, owner and tag are made once for every reporter that shows them.
        var report = report
        if report.breakdown == nil, formats.contains(where: { ["html", "markdown"].contains($0) }) {
            report.breakdown = ReportBreakdown(report)
        }
        let shared = report
        enum Job: Sendable {
            case standardOutput(any Reporter)
            case file(ReportFile, path: String)
        }
        var jobs: [(label: String, job: Job)] = []
        for format in formats {
            let toTerminal = isStandardOutput(format) || outputDirectory == nil
            // Color only for what goes to the terminal; files never get escape sequences.
            guard let reporter = Reporters.reporter(format, color: toTerminal && color, full: full) else { continue }
            if toTerminal {
                jobs.append(("report \(format)", .standardOutput(reporter)))
            } else {
                let files = reporter.files(report)
                for file in files {
                    let path = (outputDirectory! as NSString).appendingPathComponent(file.name)
                    jobs.append((files.count > 1 ? "report \(format) (\(file.name))" : "report \(format)", .file(file, path: path)))
                }
            }
        }
        let outcomes = ConcurrentSlots<Result<(text: String?, staged: AtomicFile.Staged?, seconds: Double), StewardError>>(
            count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome: Result<(text: String?, staged: AtomicFile.Staged?), StewardError>
            switch work[index].job {
            case .standardOutput(let reporter):
                outcome = .success((reporter.render(shared), nil))
            case .file(let file, let path):
                do throws(StewardError) {
                    outcome = .success((nil, try stage(file, for: path)))
                } catch {
                    outcome = .failure(error)
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            outcomes[index] = outcome.map { ($0.text, $0.staged, seconds) }
        }
        var staged = StagedReports()
        var failure: StewardError?
        for index in jobs.indices {
            switch outcomes[index] {
            case .success(let done):
                if let text = done.text { staged.standardOutput += text }
                if let file = done.staged { staged.files.append(file) }
                timings.beside(jobs[index].label, seconds: done.seconds)
            case .failure(let error):
                failure = failure ?? error
            case nil:
                break
            }
        }
        if let failure {
            staged.discard()
            throw failure
        }
        return staged
    }

    /// Writes a report file as it is rendered into a temporary file beside `path`; returns its path.
    static func stage(_ file: ReportFile, for path: String) throws(StewardError) -> AtomicFile.Staged {
        do {
            return try AtomicFile.stage(path) { descriptor in
                let output = ReportOutput(descriptor: descriptor)
                file.write(to: output)
                if let failure = output.finish() { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
            }
        } catch {
            throw StewardError(.storage, "cannot write \(path): \(AtomicFile.reason(error))")
        }
    }

    /// Writes through a temporary file and a rename, so a reader never sees half a report.
    public static func writeAtomically(_ text: String, to path: String) throws(StewardError) {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw StewardError(.storage, "cannot write \(path): \(AtomicFile.reason(error))")
        }
    }
}
