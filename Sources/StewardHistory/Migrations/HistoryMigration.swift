import GRDB

/// One named, append-only step of the history schema. Once released a migration never changes; a new
/// need is a new migration appended to `HistoryMigration.all`.
struct HistoryMigration: Sendable {
    /// The name recorded in `steward_migration` once applied.
    let name: String
    /// The schema change, run inside the migrator's transaction.
    let apply: @Sendable (Database) throws -> Void

    /// Every migration this Steward knows, in the order they apply.
    static let all: [HistoryMigration] = [.initialSchema, .fixJournal, .compactFindings, .leanRows, .findingByKey, .versionInstants]
}
