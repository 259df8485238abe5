import GRDB
import StewardCore

extension HistoryMigration {
    /// v3: findings without their text. A finding row used to hold its message (about 110 bytes, the event
    /// name inside) and its value; now both point into `finding_text`, which holds each message and value
    /// template once (the event name taken out, as the linter already holds them), and the severity is a
    /// number. A first run of 100,000 definitions writes 350,000 findings that share about 4,000 texts.
    /// Existing rows are rewritten in place: each message becomes a template of its definition's recorded
    /// name where it names it, else stays literal, so every finding reads back exactly as it was.
    static let compactFindings = HistoryMigration(name: "2026-12-02-compact-findings") { db in
        try db.execute(
            sql: """
                CREATE TABLE finding_text (
                  id INTEGER PRIMARY KEY,
                  -- 1: the event name is U+E000 in `text`, put back when read; 0: `text` as it is.
                  template INTEGER NOT NULL CHECK (template = 0 OR template = 1),
                  text TEXT NOT NULL,
                  UNIQUE (template, text)
                );

                -- No REFERENCES clauses: only Steward writes these rows, in the run's own transaction, from ids it
                -- has just read or written; the four foreign-key lookups per row were a quarter of a first run's
                -- finding inserts. The joins that read findings back name every parent.
                CREATE TABLE finding_compact (
                  id INTEGER PRIMARY KEY,
                  definition INTEGER NOT NULL,
                  rule INTEGER NOT NULL,
                  -- 3 error, 2 warning, 1 info.
                  severity INTEGER NOT NULL CHECK (severity = 1 OR severity = 2 OR severity = 3),
                  message INTEGER NOT NULL,
                  value INTEGER,
                  -- The event name the templates stand for, when it is not the definition's recorded name
                  -- (a definition renamed after history first saw it).
                  named TEXT,
                  opened_run INTEGER NOT NULL,
                  closed_run INTEGER,
                  CHECK (closed_run IS NULL OR closed_run > opened_run)
                );
                """)
        var texts = try FindingText(db, layout: .unhashed)
        let rows = try BulkStatement(
            db,
            """
            SELECT f.id, f.definition, f.rule, f.severity, f.message, f.value, f.opened_run, f.closed_run, d.name
            FROM finding f JOIN definition d ON d.id = f.definition ORDER BY f.id
            """)
        var insert = try BatchInsert(
            db, "INSERT INTO finding_compact (id, definition, rule, severity, message, value, named, opened_run, closed_run)",
            columns: 9)
        while try rows.next() {
            let name = rows.text(8)
            let (message, template) = MessageTemplate.make(rows.text(4), naming: name)
            let severity = FindingText.severityCode(Severity(rawValue: rows.text(3)) ?? .warning)
            let messageRow = try texts.row(message, template: template)
            let valueRow = try texts.valueRow(rows.isNull(5) ? nil : rows.text(5), naming: name)
            try insert.add { row in
                row.integer(rows.int64(0))
                row.integer(rows.int64(1))
                row.integer(rows.int64(2))
                row.integer(severity)
                row.integer(messageRow)
                row.integer(valueRow)
                row.null()
                row.integer(rows.int64(6))
                row.integer(rows.isNull(7) ? nil : rows.int64(7))
            }
        }
        try insert.finish()
        try db.execute(
            sql: """
                DROP TABLE finding;
                ALTER TABLE finding_compact RENAME TO finding;
                CREATE UNIQUE INDEX finding_open_key ON finding(definition, rule) WHERE closed_run IS NULL;
                CREATE INDEX finding_by_closed ON finding(closed_run) WHERE closed_run IS NOT NULL;
                """)
    }
}
