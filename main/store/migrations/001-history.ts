import type { Migration } from './migration.js';

/**
 * History (docs/store.md): one row per finished job. `seq` orders the rows (insertion order) and
 * is the paging cursor; `id` is the job id the client saw. Values are JSON (files as
 * `{"$file": sha256, ...}`, the bytes in ContentFiles); `search_text` is the text of the inputs and
 * outputs, lower-cased, for substring search (LIKE). `run_files` lists the content files a run
 * references (retention removes files no row references). `settings` holds the data folder's
 * settings (history retention: retention.ts) as JSON by key.
 */
export const historyMigration: Migration = {
  version: 1,
  name: 'history',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        project TEXT NOT NULL,
        event_index INTEGER NOT NULL,
        api_name TEXT NOT NULL,
        session_id TEXT NOT NULL,
        visitor_id TEXT,
        caller TEXT NOT NULL CHECK (caller IN ('window', 'page', 'visitor', 'api')),
        outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'failed', 'cancelled')),
        error TEXT,
        queued_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        inputs_json TEXT NOT NULL,
        outputs_json TEXT,
        search_text TEXT NOT NULL DEFAULT '',
        bytes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_project ON runs (project, seq);
      CREATE INDEX runs_session ON runs (project, session_id, seq);
      CREATE INDEX runs_visitor ON runs (project, visitor_id, seq);
      CREATE INDEX runs_event ON runs (project, event_index, seq);
      CREATE INDEX runs_queued ON runs (queued_at);
      CREATE TABLE run_files (
        run_seq INTEGER NOT NULL REFERENCES runs (seq) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (run_seq, sha256)
      ) WITHOUT ROWID;
      CREATE INDEX run_files_sha ON run_files (sha256);
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
    `);
  },
};
