import GRDB
import StewardCore

extension HistoryMigration {
    /// v4: the rows a first run writes most of, with less to check and index. A first run of 100,000
    /// definitions writes 100,000 versions and about 30,000 texts, and every byte of them twice (into the
    /// write-ahead log, then into the file at the checkpoint).
    ///
    /// - `definition_version` loses its REFERENCES clauses, as `finding` did in v3: only Steward writes these
    ///   rows, inside the run's own transaction, from rows it has just read or written, and the two
    ///   foreign-key lookups per version were a quarter of their insert cost.
    /// - `finding_text` is found by a 64-bit hash of its text (`StableHash`) and then compared whole, instead
    ///   of through a unique index holding every text a second time (the index was larger than the table).
    ///   History keeps each text once by looking it up before it adds it, inside the run's write lock.
    static let leanRows = HistoryMigration(name: "2026-12-07-lean-rows") { db in
        try db.execute(
            sql: """
                CREATE TABLE definition_version_lean (
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
                  verified_at TEXT,
                  enforcement_mode TEXT,
                  created_at TEXT,
                  updated_at TEXT,
                  PRIMARY KEY (definition, run)
                ) WITHOUT ROWID;
                INSERT INTO definition_version_lean (definition, run, removed, name, owner_id, owner, description, tags, hidden,
                  verified, verified_at, enforcement_mode, created_at, updated_at)
                SELECT definition, run, removed, name, owner_id, owner, description, tags, hidden,
                  verified, verified_at, enforcement_mode, created_at, updated_at
                FROM definition_version ORDER BY definition, run;
                DROP TABLE definition_version;
                ALTER TABLE definition_version_lean RENAME TO definition_version;

                CREATE TABLE finding_text_lean (
                  id INTEGER PRIMARY KEY,
                  -- 1: the event name is U+E000 in `text`, put back when read; 0: `text` as it is.
                  template INTEGER NOT NULL CHECK (template = 0 OR template = 1),
                  text TEXT NOT NULL,
                  -- StableHash of the text's UTF-8: a text is looked up by it, then compared whole.
                  hash INTEGER NOT NULL
                );
                """)
        let texts = try BulkStatement(db, "SELECT id, template, text FROM finding_text ORDER BY id")
        var insert = try BatchInsert(db, "INSERT INTO finding_text_lean (id, template, text, hash)", columns: 4)
        while try texts.next() {
            let text = texts.text(2)
            try insert.add { row in
                row.integer(texts.int64(0))
                row.integer(texts.int64(1))
                row.text(text)
                row.integer(FindingText.hash(text))
            }
        }
        try insert.finish()
        try db.execute(
            sql: """
                DROP TABLE finding_text;
                ALTER TABLE finding_text_lean RENAME TO finding_text;
                CREATE INDEX finding_text_by_hash ON finding_text(hash);
                """)
    }
}
