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

/// Renders an audit in one format; stateless, looked up by its identifier (`--format`).
public protocol Reporter: Sendable {
    /// The name used with `--format`.
    static var identifier: String { get }
    /// The extension of the file it writes (`steward-report.<ext>`).
    static var fileExtension: String { get }
    /// Renders the whole report.
    func render(_ report: AuditReport) -> String
}

/// The reporters Steward ships, by identifier.
public enum Reporters {
    /// Identifiers accepted by `--format`, in documentation order.
    public static let identifiers = [TextReporter.identifier, JSONReporter.identifier]

    /// The reporter for an identifier, configured for a terminal or a file.
    public static func reporter(_ identifier: String, color: Bool = false) -> (any Reporter)? {
        switch identifier {
        case TextReporter.identifier: return TextReporter(color: color)
        case JSONReporter.identifier: return JSONReporter()
        default: return nil
        }
    }
}
