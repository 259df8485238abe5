import StewardCore

/// One line of `steward history`: a run and its counts.
public struct RunSummary: Sendable, Codable, Equatable {
    /// The id.
    public var id: Int64
    /// When it started.
    public var startedAt: Timestamp
    /// When it finished.
    public var finishedAt: Timestamp
    /// The instant findings were judged at.
    public var judgedAt: Timestamp
    /// How far it got.
    public var status: RunStatus
    /// The source.
    public var source: String
    /// The host.
    public var host: String?
    /// The project.
    public var project: String?
    /// The policy's fingerprint.
    public var policyHash: String?
    /// The Steward version that ran it.
    public var toolVersion: String
    /// The definitions.
    public var definitions: Int
    /// Definitions the scope covers.
    public var inScope: Int
    /// In-scope definitions with at least one error finding.
    public var withErrors: Int
    /// Error findings.
    public var errors: Int
    /// Warning findings.
    public var warnings: Int
    /// Info findings.
    public var infos: Int
    /// Findings a waiver accepted.
    public var waived: Int
    /// Findings first opened in this run.
    public var newFindings: Int
    /// Findings this run closed.
    public var resolvedFindings: Int
    /// Definitions recorded with a new version.
    public var changedDefinitions: Int
    /// Share of in-scope definitions with no error finding (0…100); nil for failed runs.
    public var score: Double?
    /// Why a failed run failed.
    public var error: String?
    /// Whether retention dropped this run's finding and version details (its counts remain).
    public var detailsPruned: Bool

    enum CodingKeys: String, CodingKey {
        case id, startedAt = "started_at", finishedAt = "finished_at", judgedAt = "judged_at", status, source, host,
            project, policyHash = "policy_hash", toolVersion = "tool_version", definitions, inScope = "in_scope",
            withErrors = "with_errors", errors, warnings, infos, waived, newFindings = "new", resolvedFindings = "resolved",
            changedDefinitions = "changed_definitions", score, error, detailsPruned = "details_pruned"
    }

    init(_ record: RunRecord) {
        id = record.id ?? 0
        startedAt = Timestamp(iso8601: record.startedAt) ?? Timestamp(seconds: 0)
        finishedAt = Timestamp(iso8601: record.finishedAt) ?? startedAt
        judgedAt = Timestamp(iso8601: record.judgedAt) ?? startedAt
        status = RunStatus(rawValue: record.status) ?? .failed
        source = record.source
        host = record.host
        project = record.project
        policyHash = record.policyHash
        toolVersion = record.toolVersion
        definitions = record.definitions
        inScope = record.inScope
        withErrors = record.withErrors
        errors = record.errors
        warnings = record.warnings
        infos = record.infos
        waived = record.waived
        newFindings = record.newFindings
        resolvedFindings = record.resolvedFindings
        changedDefinitions = record.changedDefinitions
        score = record.score
        error = record.error
        detailsPruned = record.detailsPruned
    }
}
