import GRDB
import StewardCore

extension HistoryMigration {
    /// v6: a version's instants (`verified_at`, `created_at`, `updated_at`) as microseconds since 1970 (UTC)
    /// instead of ISO 8601 text. A first run writes a version of every definition, and the three texts were
    /// about 60 of a row's 155 bytes; eight bytes each hold the same instant to the microsecond, and the rows
    /// are no longer formatted digit by digit. (Read them in the SQLite shell with
    /// `strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1e6, 'unixepoch')`.)
    ///
    /// Existing rows are rewritten in place, each text read as Steward reads a timestamp; a text that is not one
    /// stops the migration with the row it is in, and its transaction rolls back.
    static let versionInstants = HistoryMigration(name: "2026-12-07-version-instants") { db in
        try db.execute(
            sql: """
                CREATE TABLE definition_version_instants (
                  definition INTEGER NOT NULL,
                  run INTEGER NOT NULL,
                  removed INTEGER NOT NULL DEFAULT 0 CHECK (removed = 0 OR removed = 1),
                  name TEXT NOT NULL,
                  owner_id INTEGER,
                  owner TEXT,
                  description TEXT,
                  tags TEXT NOT NULL DEFAULT '[]',
                  hidden INTEGER,
                  verified INTEGER,
                  -- Instants: microseconds since 1970-01-01T00:00:00Z.
                  verified_at INTEGER,
                  enforcement_mode TEXT,
                  created_at INTEGER,
                  updated_at INTEGER,
                  PRIMARY KEY (definition, run)
                ) WITHOUT ROWID;
                """)
        let rows = try BulkStatement(
            db,
            """
            SELECT definition, run, removed, name, owner_id, owner, description, tags, hidden, verified, verified_at,
              enforcement_mode, created_at, updated_at
            FROM definition_version ORDER BY definition, run
            """)
        var insert = try BatchInsert(
            db,
            """
            INSERT INTO definition_version_instants (definition, run, removed, name, owner_id, owner, description, tags, hidden,
              verified, verified_at, enforcement_mode, created_at, updated_at)
            """, columns: 14)
        func instant(_ column: Int32, _ name: String) throws -> Int64? {
            guard !rows.isNull(column) else { return nil }
            let text = rows.text(column)
            guard let instant = Timestamp(iso8601: text) else {
                throw HistoryDamage(
                    detail:
                        "in definition_version row (definition \(rows.int64(0)), run \(rows.int64(1))), \(name) '\(text)' is not a timestamp"
                )
            }
            return instant.epochMicroseconds
        }
        while try rows.next() {
            let (verifiedAt, createdAt, updatedAt) = (
                try instant(10, "verified_at"), try instant(12, "created_at"), try instant(13, "updated_at")
            )
            try insert.add { row in
                for column in Int32(0)..<14 {
                    switch column {
                    case 10: row.integer(verifiedAt)
                    case 12: row.integer(createdAt)
                    case 13: row.integer(updatedAt)
                    case 0, 1, 2, 4, 8, 9: row.integer(rows.isNull(column) ? nil : rows.int64(column))
                    default: row.text(rows.isNull(column) ? nil : rows.text(column))
                    }
                }
            }
        }
        try insert.finish()
        try db.execute(
            sql: """
                DROP TABLE definition_version;
                ALTER TABLE definition_version_instants RENAME TO definition_version;
                """)
    }
}
