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
    /// What was odd about how the definitions were read ("3 definitions had null tags; dropped").
    public var sourceNotes: [String] = []
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
    /// What depends on the events, when the policy judged usage (nil when it did not).
    public var usage: ReportUsage?
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
