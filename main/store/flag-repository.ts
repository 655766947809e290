import type Database from 'better-sqlite3';
import type { CallerKind } from './history-types.js';

/** A flag as stored (table `flags`, migration 002). Times are Unix epoch milliseconds. */
export interface FlagRow {
  readonly id: number;
  readonly runId: string;
  readonly reason: string | null;
  readonly note: string | null;
  readonly sessionId: string;
  readonly visitorId: string | null;
  readonly caller: CallerKind;
  readonly createdAt: number;
}

/** A flag before it is stored: the row less its id. */
export type NewFlag = Omit<FlagRow, 'id'>;

interface FlagDbRow {
  id: number;
  run_id: string;
  reason: string | null;
  note: string | null;
  session_id: string;
  visitor_id: string | null;
  caller: CallerKind;
  created_at: number;
}

const FLAG_COLUMNS = `flags.id, runs.id AS run_id, flags.reason, flags.note, flags.session_id, flags.visitor_id,
  flags.caller, flags.created_at`;

function toFlag(row: FlagDbRow): FlagRow {
  return {
    id: row.id,
    runId: row.run_id,
    reason: row.reason,
    note: row.note,
    sessionId: row.session_id,
    visitorId: row.visitor_id,
    caller: row.caller,
    createdAt: row.created_at,
  };
}

/**
 * Flags of runs (Gradio's flagging, stored with the run). Written directly, not batched: the
 * person who flagged waits for the answer and expects to see the flag listed at once. The flagged
 * runs themselves are listed by HistoryRepository (`HistoryQuery.flagged`).
 */
export class FlagRepository {
  constructor(private readonly db: Database.Database) {}

  /** Stores a flag on a run that is in the database; null when the run is not (yet) there. */
  add(flag: NewFlag): FlagRow | null {
    const run = this.db.prepare<[string], { seq: number; project: string }>('SELECT seq, project FROM runs WHERE id = ?').get(flag.runId);
    if (!run) return null;
    const result = this.db
      .prepare(
        `INSERT INTO flags (run_seq, project, reason, note, session_id, visitor_id, caller, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.seq, run.project, flag.reason, flag.note, flag.sessionId, flag.visitorId, flag.caller, flag.createdAt);
    return { ...flag, id: Number(result.lastInsertRowid) };
  }

  /** The flags of these runs, oldest first, by run id. */
  forRuns(runIds: readonly string[]): Map<string, FlagRow[]> {
    const found = new Map<string, FlagRow[]>();
    if (runIds.length === 0) return found;
    const marks = runIds.map(() => '?').join(', ');
    const rows = this.db
      .prepare<string[], FlagDbRow>(
        `SELECT ${FLAG_COLUMNS} FROM flags JOIN runs ON runs.seq = flags.run_seq WHERE runs.id IN (${marks}) ORDER BY flags.id`,
      )
      .all(...runIds);
    for (const row of rows) found.set(row.run_id, [...(found.get(row.run_id) ?? []), toFlag(row)]);
    return found;
  }

  /** Every flag of a project with its run's id, oldest first (exports). */
  allFlags(project: string): FlagRow[] {
    return this.db
      .prepare<[string], FlagDbRow>(
        `SELECT ${FLAG_COLUMNS} FROM flags JOIN runs ON runs.seq = flags.run_seq WHERE flags.project = ? ORDER BY flags.id`,
      )
      .all(project)
      .map(toFlag);
  }
}
