import type { Migration } from './migration.js';

/**
 * Flags (docs/history.md): a person marked a run's result, Gradio's flagging with a reason from
 * project.json `flagging.options` and a free note. A flag belongs to its run (deleted with it);
 * who flagged (session, visitor, caller kind) is kept so a visitor sees only their own flags.
 */
export const flagsMigration: Migration = {
  version: 2,
  name: 'flags',
  up(db) {
    db.exec(`
      CREATE TABLE flags (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_seq INTEGER NOT NULL REFERENCES runs (seq) ON DELETE CASCADE,
        project TEXT NOT NULL,
        reason TEXT,
        note TEXT,
        session_id TEXT NOT NULL,
        visitor_id TEXT,
        caller TEXT NOT NULL CHECK (caller IN ('window', 'page', 'visitor', 'api')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX flags_run ON flags (run_seq);
      CREATE INDEX flags_project ON flags (project, id);
    `);
  },
};
