import StewardCore

/// Everything a reporter renders: the finished lint result and where it came from. Reporters only read it.
public struct AuditReport: Sendable {
    /// The lint result.
    public var result: LintResult
    /// Where the definitions came from (a file path, or host and project).
    public var source: String
    /// Policy files and presets merged, parents first.
    public var policySources: [String]
    /// When the report was made (injected, so output is deterministic).
    public var generatedAt: Timestamp
    /// The Steward version that made it.
    public var toolVersion: String
    /// Whether the definitions are known to be complete.
    public var complete: Bool
    /// What history recorded for this audit; nil with `--no-history` or for offline renders.
    public var history: AuditHistory?
    /// How the exit code was decided; nil when nothing judged it.
    public var gate: GateOutcome?
    /// The definitions linted, for owners, tags and last-seen dates beside findings (may be empty).
    public var definitions: [EventDefinition] = []
    /// Where each rule is configured (`file:line:column`, or a preset), for SARIF's physical locations.
    public var ruleLocations: [String: SourceLocation] = [:]
    /// Earlier runs and this one, oldest first, for trend charts (empty without history).
    public var trend: [TrendPoint] = []
    /// Counts by rule, owner and tag, when made in advance for several reporters (`ReportBreakdown(report)`).
    public var breakdown: ReportBreakdown?

    /// Creates a report.
    public init(
        result: LintResult, source: String, policySources: [String], generatedAt: Timestamp, toolVersion: String,
        complete: Bool = true
    ) {
        self.result = result
        self.source = source
        self.policySources = policySources
        self.generatedAt = generatedAt
        self.toolVersion = toolVersion
        self.complete = complete
    }
}

extension AuditReport {
    /// Whether history says this run opened the finding at `index`.
    public func isNew(_ index: Int) -> Bool {
        guard let history, history.previousRunID != nil, index < history.isNew.count else { return false }
        return history.isNew[index]
    }
}

/// One run on a trend chart.
public struct TrendPoint: Sendable, Equatable {
    public var runID: Int64
    public var startedAt: Timestamp
    public var score: Double
    public var errors: Int
    public var warnings: Int

    public init(runID: Int64, startedAt: Timestamp, score: Double, errors: Int, warnings: Int) {
        self.runID = runID
        self.startedAt = startedAt
        self.score = score
        self.errors = errors
        self.warnings = warnings
    }
}

/// One file a reporter writes, named relative to the output directory, produced into a `ReportOutput`
/// (a file as it is written, or memory).
public struct ReportFile: Sendable {
    public var name: String
    private let produce: @Sendable (ReportOutput) -> Void

    /// A file whose text is written by `produce`.
    public init(name: String, produce: @escaping @Sendable (ReportOutput) -> Void) {
        self.name = name
        self.produce = produce
    }

    /// A file with this text.
    public init(name: String, contents: String) {
        self.init(name: name) { $0 += contents }
    }

    /// Writes the file's text to `output`.
    public func write(to output: ReportOutput) {
        produce(output)
    }

    /// The whole text, rendered in memory.
    public var contents: String {
        let output = ReportOutput()
        produce(output)
        return output.text
    }
}

/// Renders an audit in one format; stateless, looked up by its identifier (`--format`). A reporter
/// implements `render` (small outputs) or `write(_:to:)` (outputs that grow with the project, written
/// to the file as they are made); each has a default made of the other.
public protocol Reporter: Sendable {
    /// The name used with `--format`.
    static var identifier: String { get }
    /// The extension of the file it writes (`steward-report.<ext>`).
    static var fileExtension: String { get }
    /// Whether its output is meant for standard output (a terminal or a CI log) rather than a file.
    static var writesToStandardOutput: Bool { get }
    /// Renders the whole report.
    func render(_ report: AuditReport) -> String
    /// Writes the whole report to `output` as it goes.
    func write(_ report: AuditReport, to output: ReportOutput)
    /// The files it writes into the output directory (by default one: `steward-report.<ext>`).
    func files(_ report: AuditReport) -> [ReportFile]
}

extension Reporter {
    public static var writesToStandardOutput: Bool { false }

    public func render(_ report: AuditReport) -> String {
        let output = ReportOutput()
        write(report, to: output)
        return output.text
    }

    public func write(_ report: AuditReport, to output: ReportOutput) {
        output += render(report)
    }

    public func files(_ report: AuditReport) -> [ReportFile] {
        [ReportFile(name: "steward-report.\(Self.fileExtension)") { write(report, to: $0) }]
    }
}

/// The reporters Steward ships, by identifier.
public enum Reporters {
    /// Identifiers accepted by `--format`, in documentation order.
    public static let identifiers = [
        TextReporter.identifier, JSONReporter.identifier, HTMLReporter.identifier, MarkdownReporter.identifier,
        SARIFReporter.identifier, JUnitReporter.identifier, GitHubReporter.identifier,
    ]

    /// The reporter for an identifier, configured for a terminal or a file.
    public static func reporter(_ identifier: String, color: Bool = false) -> (any Reporter)? {
        switch identifier {
        case TextReporter.identifier: return TextReporter(color: color)
        case JSONReporter.identifier: return JSONReporter()
        case HTMLReporter.identifier: return HTMLReporter()
        case MarkdownReporter.identifier: return MarkdownReporter()
        case SARIFReporter.identifier: return SARIFReporter()
        case JUnitReporter.identifier: return JUnitReporter()
        case GitHubReporter.identifier: return GitHubReporter()
        default: return nil
        }
    }
}
