import type Database from 'better-sqlite3';
import type { CallerKind, HistoryQuery } from './history-types.js';
import { likePattern } from './search-text.js';

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
 * The conditions of a HistoryQuery over `runs` (alias r), plus "has a flag": the same filters as
 * HistoryRepository.list, for the History panel's "flagged" filter, which history's query lacks.
 */
function flaggedWhere(query: HistoryQuery): { sql: string; params: Record<string, string | number> } {
  const clauses = ['r.project = @project', 'EXISTS (SELECT 1 FROM flags f WHERE f.run_seq = r.seq)'];
  const params: Record<string, string | number> = { project: query.project };
  const add = (clause: string, name: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    clauses.push(clause);
    params[name] = value;
  };
  add('r.session_id = @sessionId', 'sessionId', query.sessionId);
  add('r.visitor_id = @visitorId', 'visitorId', query.visitorId);
  if (typeof query.event === 'number') add('r.event_index = @event', 'event', query.event);
  else add('r.api_name = @event', 'event', query.event?.replace(/^\/+|\/+$/g, ''));
  add('r.outcome = @outcome', 'outcome', query.outcome);
  add('r.caller = @caller', 'caller', query.caller);
  add('r.queued_at >= @since', 'since', query.since);
  add('r.queued_at < @until', 'until', query.until);
  add(`r.search_text LIKE @text ESCAPE '\\'`, 'text', query.text ? likePattern(query.text) : undefined);
  add('r.seq < (SELECT seq FROM runs WHERE id = @beforeId)', 'beforeId', query.beforeId);
  return { sql: clauses.join(' AND '), params };
}

/**
 * Flags of runs (Gradio's flagging, stored with the run). Written directly, not batched: the
 * person who flagged waits for the answer and expects to see the flag listed at once.
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

  /** Ids of the flagged runs that match `query`, newest first (the History panel's "flagged" filter). */
  flaggedRunIds(query: HistoryQuery): string[] {
    const { sql, params } = flaggedWhere(query);
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 50)), 500);
    return this.db
      .prepare<Record<string, string | number>, { id: string }>(`SELECT r.id FROM runs r WHERE ${sql} ORDER BY r.seq DESC LIMIT ${limit}`)
      .all(params)
      .map((row) => row.id);
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
