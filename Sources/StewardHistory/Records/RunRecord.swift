import GRDB

/// A row of `run`: one audit, with its counts. Never deleted; pruning only drops its details.
struct RunRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "run"

    var id: Int64?
    var startedAt: String
    var finishedAt: String
    var judgedAt: String
    var status: String
    var source: String
    var host: String?
    var project: String?
    var policyHash: String?
    var toolVersion: String
    var definitions: Int
    var inScope: Int
    var withErrors: Int
    var errors: Int
    var warnings: Int
    var infos: Int
    var waived: Int
    var newFindings: Int
    var resolvedFindings: Int
    var changedDefinitions: Int
    var score: Double?
    var error: String?
    var detailsPruned: Bool

    enum CodingKeys: String, CodingKey {
        case id, startedAt = "started_at", finishedAt = "finished_at", judgedAt = "judged_at", status, source, host,
            project, policyHash = "policy_hash", toolVersion = "tool_version", definitions, inScope = "in_scope",
            withErrors = "with_errors", errors, warnings, infos, waived, newFindings = "new_findings",
            resolvedFindings = "resolved_findings", changedDefinitions = "changed_definitions", score, error,
            detailsPruned = "details_pruned"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
