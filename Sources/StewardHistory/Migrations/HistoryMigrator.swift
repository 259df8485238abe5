import GRDB

/// Applies `HistoryMigration.all` in order, each in its own immediate transaction that re-reads what is
/// applied, so two processes opening a new file at once cannot both apply a step.
///
/// GRDB's `DatabaseMigrator` reads the applied list outside the migration's transaction; across processes
/// that is a race, and this store is shared by concurrent `steward` processes by design.
enum HistoryMigrator {
    /// `PRAGMA application_id` of a Steward history file ("STWD").
    static let applicationID: Int32 = 0x5354_5744

    /// What a file holds before Steward touches it.
    enum Identity: Equatable {
        /// No tables at all: a new file (or an empty one) Steward may initialise.
        case empty
        /// A Steward history; the migrations applied so far.
        case steward(applied: [String])
        /// Tables of something else.
        case foreign
    }

    /// Reads the file's identity without writing anything.
    static func identify(_ db: Database) throws -> Identity {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        if applicationID == Self.applicationID {
            let hasTable =
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'steward_migration'") ?? 0
            guard hasTable == 1 else { return .foreign }
            return .steward(applied: try String.fetchAll(db, sql: "SELECT name FROM steward_migration ORDER BY rowid"))
        }
        return applicationID == 0 && tableCount == 0 ? .empty : .foreign
    }

    /// The applied migrations this Steward does not know, if any: the mark of a newer Steward.
    static func unknown(in applied: [String]) -> [String] {
        let known = Set(HistoryMigration.all.map(\.name))
        return applied.filter { !known.contains($0) }
    }

    /// The schema objects (`type:name`) Steward's migrations create, at any step: found by applying them
    /// to an empty in-memory database.
    static func knownObjects() throws -> Set<String> {
        var known: Set<String> = []
        try DatabaseQueue().write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS steward_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            for migration in HistoryMigration.all {
                try migration.apply(db)
                known.formUnion(try objects(db))
            }
        }
        return known
    }

    /// Objects in the file that Steward did not create (a trigger, view, table or index of someone else's),
    /// SQLite's own `sqlite_…` objects aside. A history with such objects is refused: a trigger runs inside
    /// every transaction Steward commits.
    static func strangers(_ db: Database) throws -> [String] {
        let known = try knownObjects()
        return try objects(db).filter { !known.contains($0) }.sorted()
    }

    private static func objects(_ db: Database) throws -> Set<String> {
        let rows = try Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        return Set(rows.map { "\($0["type"] as String) \($0["name"] as String)" })
    }

    /// Brings the schema up to date. Call only after `identify` said `.empty` or `.steward` with nothing unknown.
    /// Each step of an existing file is applied in its own immediate transaction (a step may rebuild a table
    /// of millions of rows); a new file (`together`) gets every step in one, which is one commit and its
    /// syncs instead of one per step.
    static func migrate(_ writer: any DatabaseWriter, together: Bool = false) throws {
        let batches = together ? [HistoryMigration.all] : HistoryMigration.all.map { [$0] }
        for batch in batches {
            try writer.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for migration in batch { try apply(migration, to: db) }
                    return .commit
                }
            }
        }
    }

    /// Applies `migration` unless the file has it (re-read inside the caller's transaction, so two processes
    /// migrating one file cannot both apply it).
    private static func apply(_ migration: HistoryMigration, to db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS steward_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = try String.fetchSet(db, sql: "SELECT name FROM steward_migration")
        if applied.contains(migration.name) { return }
        try migration.apply(db)
        try db.execute(
            sql: "INSERT INTO steward_migration (name, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            arguments: [migration.name])
        try db.execute(sql: "PRAGMA application_id = \(applicationID)")
    }
}
