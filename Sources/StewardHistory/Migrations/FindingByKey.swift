import GRDB

extension HistoryMigration {
    /// v5: a finding is found by its key, in one B-tree. `finding` was a rowid table plus a partial unique index
    /// on (definition, rule) for the open ones: every finding went into two B-trees, and the index was two
    /// thirds the size of the table. Now the table is keyed by (definition, rule, opened_run), which names a
    /// finding on its own (one finding per definition and rule opens in a run, and it closes in a later one),
    /// and carries no row id. A first run of posthog-sim's 100,000 definitions (351,000 findings) wrote 12.6 MB of finding pages (twice:
    /// into the log, then into the file), now 7.0 MB; SQLite alone inserts them in 0.16–0.20 s instead of
    /// 0.21–0.22 s.
    ///
    /// That one finding per definition and rule is open at a time is kept by the recorder, which reads every
    /// open finding before it opens any, inside the run's write lock (as it already was: the index only ever
    /// stood behind it). Rows are copied in key order, and a file whose rows break the key stops here, its
    /// transaction rolled back.
    static let findingByKey = HistoryMigration(name: "2026-12-07-finding-by-key") { db in
        try db.execute(
            sql: """
                CREATE TABLE finding_keyed (
                  definition INTEGER NOT NULL,
                  rule INTEGER NOT NULL,
                  opened_run INTEGER NOT NULL,
                  -- 3 error, 2 warning, 1 info.
                  severity INTEGER NOT NULL CHECK (severity = 1 OR severity = 2 OR severity = 3),
                  message INTEGER NOT NULL,
                  value INTEGER,
                  -- The event name the templates stand for, when it is not the definition's recorded name
                  -- (a definition renamed after history first saw it).
                  named TEXT,
                  closed_run INTEGER,
                  CHECK (closed_run IS NULL OR closed_run > opened_run),
                  PRIMARY KEY (definition, rule, opened_run)
                ) WITHOUT ROWID;
                INSERT INTO finding_keyed (definition, rule, opened_run, severity, message, value, named, closed_run)
                SELECT definition, rule, opened_run, severity, message, value, named, closed_run
                FROM finding ORDER BY definition, rule, opened_run;
                DROP TABLE finding;
                ALTER TABLE finding_keyed RENAME TO finding;
                CREATE INDEX finding_by_closed ON finding(closed_run) WHERE closed_run IS NOT NULL;
                """)
    }
}
