import GRDB

/// A row of `fix_action`: one journaled change of one field of one definition.
struct FixActionRow: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "fix_action"

    var id: Int64?
    var fixRun: Int64
    var seq: Int
    var eventID: String
    var eventName: String
    var field: String
    var before: String
    var after: String
    var safe: Bool
    var rules: String
    var seenUpdatedAt: String?
    var status: String
    var reason: String?
    var request: String?
    var changedAt: String

    enum CodingKeys: String, CodingKey {
        case id, fixRun = "fix_run", seq, eventID = "event_id", eventName = "event_name", field, before, after, safe, rules,
            seenUpdatedAt = "seen_updated_at", status, reason, request, changedAt = "changed_at"
    }

    enum Columns {
        static let fixRun = Column(CodingKeys.fixRun)
        static let seq = Column(CodingKeys.seq)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
