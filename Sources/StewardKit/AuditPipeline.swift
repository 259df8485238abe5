import Foundation
import StewardCore
import StewardReports

/// Source → snapshot → engine → reports → exit code, for `steward audit`.
public struct AuditPipeline: Sendable {
    /// What an audit needs.
    public struct Options: Sendable {
        /// Where the definitions come from.
        public var source: DefinitionSource
        /// Policy references (`--policy`), empty for the default resolution.
        public var policies: [String] = []
        /// Output formats, in order.
        public var formats: [String] = ["text"]
        /// Where file formats are written; nil writes a single format to standard output.
        public var outputDirectory: String?
        /// The lowest severity that fails the run.
        public var failOn: Severity = .error
        /// Whether the terminal reporter may use color.
        public var color: Bool = false
        /// The instant treated as now; nil means the snapshot's `fetched_at` (a snapshot is judged as of when it
        /// was taken), else the current time.
        public var now: Timestamp?

        /// Creates options for auditing a file.
        public init(fromFile: String, now: Timestamp? = nil) {
            self.init(source: .file(fromFile), now: now)
        }

        /// Creates options for auditing any source.
        public init(source: DefinitionSource, now: Timestamp? = nil) {
            self.source = source
            self.now = now
        }
    }

    /// What an audit produced.
    public struct Outcome: Sendable {
        /// The report reporters rendered.
        public var report: AuditReport
        /// Text for standard output.
        public var standardOutput: String
        /// Files written.
        public var writtenFiles: [String]
        /// 0 when nothing reaches `--fail-on`, 1 otherwise.
        public var exitCode: Int32
    }

    /// Creates a pipeline.
    public init() {}

    /// Runs the audit; throws usage errors (exit 2) for bad policies, files or formats.
    public func run(_ options: Options) async throws(StewardError) -> Outcome {
        try ReportWriter.validate(formats: options.formats, outputDirectory: options.outputDirectory)
        let policy = try PolicyResolution.load(explicit: options.policies)
        let snapshot = try await options.source.load()
        let linter = try Linter.checked(policy: policy, now: options.now ?? snapshot.fetchedAt ?? Timestamp(.now))
        let result = linter.lint(snapshot.definitions)
        let source: String
        switch options.source {
        case .file(let path): source = snapshot.host.map { "\($0) project \(snapshot.project ?? "?") (snapshot \(path))" } ?? path
        case .remote: source = options.source.label
        }
        let report = AuditReport(
            result: result, source: source, policySources: policy.sources, generatedAt: linter.context.now,
            toolVersion: StewardVersion.current, complete: snapshot.complete)
        let written = try ReportWriter.write(
            report, formats: options.formats, outputDirectory: options.outputDirectory,
            color: options.color)
        return Outcome(
            report: report, standardOutput: written.standardOutput, writtenFiles: written.files,
            exitCode: result.fails(at: options.failOn) ? 1 : 0)
    }
}
