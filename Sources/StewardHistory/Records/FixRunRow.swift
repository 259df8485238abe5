import GRDB

/// A row of `fix_run`: one apply or undo, where it wrote and how it ended.
struct FixRunRow: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "fix_run"

    var id: Int64?
    var kind: String
    var undoes: Int64?
    var host: String
    var project: String
    var policyHash: String?
    var plan: String?
    var startedAt: String
    var finishedAt: String?
    var status: String
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, undoes, host, project, policyHash = "policy_hash", plan, startedAt = "started_at", finishedAt = "finished_at",
            status, note
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
