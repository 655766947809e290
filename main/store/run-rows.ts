import type Database from 'better-sqlite3';
import type { RunRecord } from './history-types.js';
import { searchText } from './search-text.js';

/** A content file a run's values reference (`run_files`). */
export interface RunFileRef {
  readonly sha256: string;
  readonly size: number;
}

/** Inserts one run and its file references; false when a run with its id was already there. */
export type InsertRun = (run: RunRecord, files: readonly RunFileRef[]) => boolean;

/**
 * The `runs` insert over a connection (migration 001's columns). The row's JSON and search text
 * are built here, inside the write, so whichever thread commits the batch pays for them: the
 * writer thread (write-thread-main.ts), not the thread that serves requests.
 */
export function prepareInsertRun(db: Database.Database): InsertRun {
  // Positional parameters: better-sqlite3 binds them several µs faster a row than named ones
  // (measured on the writer thread's insert: docs/store.md, "Where a recorded run's CPU goes").
  const insertRun = db.prepare(`INSERT OR IGNORE INTO runs
    (id, project, event_index, api_name, session_id, visitor_id, caller, outcome, error,
     queued_at, started_at, finished_at, inputs_json, outputs_json, search_text, bytes)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFile = db.prepare('INSERT OR IGNORE INTO run_files (run_seq, sha256, size) VALUES (?, ?, ?)');
  return (run, files) => {
    const inputsJson = JSON.stringify(run.inputs);
    const outputsJson = run.outputs === null ? null : JSON.stringify(run.outputs);
    const text = searchText(run.inputs, run.outputs, run.error);
    const bytes = inputsJson.length + (outputsJson?.length ?? 0) + text.length;
    const result = insertRun.run(
      run.id,
      run.project,
      run.eventIndex,
      run.apiName,
      run.sessionId,
      run.visitorId,
      run.caller,
      run.outcome,
      run.error,
      run.queuedAt,
      run.startedAt,
      run.finishedAt,
      inputsJson,
      outputsJson,
      text,
      bytes,
    );
    if (result.changes === 0) return false;
    for (const file of files) insertFile.run(result.lastInsertRowid, file.sha256, file.size);
    return true;
  };
}
