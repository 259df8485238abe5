import GRDB

extension HistoryMigration {
    /// v1: runs, interned definitions and rules, definition versions, the finding lifecycle, per-run counts.
    static let initialSchema = HistoryMigration(name: "2026-11-27-initial-schema") { db in
        // One row per audit, failed ones included; never deleted, so trends survive pruning.
        try db.execute(
            sql: """
                CREATE TABLE run (
                  id INTEGER PRIMARY KEY,
                  started_at TEXT NOT NULL,
                  finished_at TEXT NOT NULL,
                  judged_at TEXT NOT NULL,
                  status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete', 'failed')),
                  source TEXT NOT NULL,
                  host TEXT,
                  project TEXT,
                  policy_hash TEXT,
                  tool_version TEXT NOT NULL,
                  definitions INTEGER NOT NULL DEFAULT 0 CHECK (definitions >= 0),
                  in_scope INTEGER NOT NULL DEFAULT 0 CHECK (in_scope >= 0),
                  with_errors INTEGER NOT NULL DEFAULT 0 CHECK (with_errors >= 0),
                  errors INTEGER NOT NULL DEFAULT 0,
                  warnings INTEGER NOT NULL DEFAULT 0,
                  infos INTEGER NOT NULL DEFAULT 0,
                  waived INTEGER NOT NULL DEFAULT 0,
                  new_findings INTEGER NOT NULL DEFAULT 0,
                  resolved_findings INTEGER NOT NULL DEFAULT 0,
                  changed_definitions INTEGER NOT NULL DEFAULT 0,
                  -- Order-independent digests of what a complete run left current (definitions with their content,
                  -- open findings with their severity): an audit that matches both has nothing to diff.
                  definitions_digest INTEGER,
                  findings_digest INTEGER,
                  score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 100)),
                  error TEXT,
                  details_pruned INTEGER NOT NULL DEFAULT 0 CHECK (details_pruned = 0 OR details_pruned = 1),
                  CHECK (status != 'failed' OR error IS NOT NULL)
                );
                CREATE INDEX run_by_start ON run(started_at);

                CREATE TABLE rule (
                  id INTEGER PRIMARY KEY,
                  name TEXT NOT NULL UNIQUE
                );

                CREATE TABLE definition (
                  id INTEGER PRIMARY KEY,
                  event_id TEXT NOT NULL UNIQUE,
                  name TEXT NOT NULL,
                  content_hash INTEGER NOT NULL,
                  first_run INTEGER NOT NULL REFERENCES run(id),
                  removed_run INTEGER REFERENCES run(id)
                );

                CREATE TABLE definition_version (
                  definition INTEGER NOT NULL REFERENCES definition(id),
                  run INTEGER NOT NULL REFERENCES run(id),
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

                CREATE TABLE finding (
                  id INTEGER PRIMARY KEY,
                  definition INTEGER NOT NULL REFERENCES definition(id),
                  rule INTEGER NOT NULL REFERENCES rule(id),
                  -- An OR chain, not IN (…): SQLite evaluates an IN list in a CHECK by building a small table per
                  -- row, which doubled the cost of a first run's inserts.
                  severity TEXT NOT NULL CHECK (severity = 'error' OR severity = 'warning' OR severity = 'info'),
                  message TEXT NOT NULL,
                  value TEXT,
                  opened_run INTEGER NOT NULL REFERENCES run(id),
                  closed_run INTEGER REFERENCES run(id),
                  CHECK (closed_run IS NULL OR closed_run > opened_run)
                );
                -- One open finding per (definition, rule). No index on opened_run: a first run inserts hundreds of
                -- thousands of findings, and the queries by opening run are rare reads that can scan.
                CREATE UNIQUE INDEX finding_open_key ON finding(definition, rule) WHERE closed_run IS NULL;
                CREATE INDEX finding_by_closed ON finding(closed_run) WHERE closed_run IS NOT NULL;

                CREATE TABLE run_count (
                  run INTEGER NOT NULL REFERENCES run(id),
                  dimension TEXT NOT NULL CHECK (dimension = 'rule' OR dimension = 'owner' OR dimension = 'tag'),
                  key TEXT NOT NULL,
                  errors INTEGER NOT NULL CHECK (errors >= 0),
                  warnings INTEGER NOT NULL CHECK (warnings >= 0),
                  infos INTEGER NOT NULL CHECK (infos >= 0),
                  PRIMARY KEY (run, dimension, key)
                ) WITHOUT ROWID;
                """)
    }
}
