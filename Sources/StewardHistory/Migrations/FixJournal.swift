import GRDB

extension HistoryMigration {
    /// v2: the fix journal. Every write a fix makes is a `fix_action`, recorded as planned before anything is
    /// sent, marked started before its request and done, skipped or failed after it, so a crash leaves a
    /// journal that says which actions are done, which are unknown (started) and which never started.
    static let fixJournal = HistoryMigration(name: "2026-11-27-fix-journal") { db in
        try db.execute(
            sql: """
                CREATE TABLE fix_run (
                  id INTEGER PRIMARY KEY,
                  kind TEXT NOT NULL CHECK (kind = 'apply' OR kind = 'undo'),
                  undoes INTEGER REFERENCES fix_run(id),
                  host TEXT NOT NULL,
                  project TEXT NOT NULL,
                  policy_hash TEXT,
                  plan TEXT,
                  started_at TEXT NOT NULL,
                  finished_at TEXT,
                  status TEXT NOT NULL CHECK (status = 'running' OR status = 'finished' OR status = 'stopped'),
                  note TEXT,
                  CHECK (kind = 'apply' OR undoes IS NOT NULL)
                );

                CREATE TABLE fix_action (
                  id INTEGER PRIMARY KEY,
                  fix_run INTEGER NOT NULL REFERENCES fix_run(id),
                  seq INTEGER NOT NULL,
                  event_id TEXT NOT NULL,
                  event_name TEXT NOT NULL,
                  field TEXT NOT NULL,
                  before TEXT NOT NULL,
                  after TEXT NOT NULL,
                  safe INTEGER NOT NULL CHECK (safe = 0 OR safe = 1),
                  rules TEXT NOT NULL,
                  seen_updated_at TEXT,
                  status TEXT NOT NULL CHECK (status = 'planned' OR status = 'started' OR status = 'done' OR status = 'skipped' OR status = 'failed'),
                  reason TEXT,
                  request TEXT,
                  changed_at TEXT NOT NULL,
                  UNIQUE (fix_run, seq)
                );
                CREATE INDEX fix_action_by_event ON fix_action(event_id);
                """)
    }
}
