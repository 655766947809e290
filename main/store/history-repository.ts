import type Database from 'better-sqlite3';
import type { BatchWriter } from './batch-writer.js';
import type { HistoryQuery, RunRecord, RunRow } from './history-types.js';
import type { RunFileRef } from './run-rows.js';
import { likePattern } from './search-text.js';

interface RunDbRow {
  seq: number;
  id: string;
  project: string;
  event_index: number;
  api_name: string;
  session_id: string;
  visitor_id: string | null;
  caller: RunRow['caller'];
  outcome: RunRow['outcome'];
  error: string | null;
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  inputs_json: string;
  outputs_json: string | null;
  files: string | null;
}

const COLUMNS = `seq, id, project, event_index, api_name, session_id, visitor_id, caller, outcome, error,
  queued_at, started_at, finished_at, inputs_json, outputs_json,
  (SELECT group_concat(sha256) FROM run_files WHERE run_seq = runs.seq) AS files`;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

function toRow(row: RunDbRow): RunRow {
  return {
    seq: row.seq,
    id: row.id,
    project: row.project,
    eventIndex: row.event_index,
    apiName: row.api_name,
    sessionId: row.session_id,
    visitorId: row.visitor_id,
    caller: row.caller,
    outcome: row.outcome,
    error: row.error,
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    inputs: JSON.parse(row.inputs_json) as unknown[],
    outputs: row.outputs_json === null ? null : (JSON.parse(row.outputs_json) as unknown[]),
    files: row.files ? row.files.split(',') : [],
  };
}

/** The SQL conditions over `runs` and the parameters of a query (every filter is optional but the project). */
function where(query: HistoryQuery): { sql: string; params: Record<string, string | number> } {
  const clauses = ['project = @project'];
  const params: Record<string, string | number> = { project: query.project };
  const add = (clause: string, name: string, value: string | number | undefined): void => {
    if (value === undefined) return;
    clauses.push(clause);
    params[name] = value;
  };
  add('session_id = @sessionId', 'sessionId', query.sessionId);
  add('visitor_id = @visitorId', 'visitorId', query.visitorId);
  if (typeof query.event === 'number') add('event_index = @event', 'event', query.event);
  else add('api_name = @event', 'event', query.event?.replace(/^\/+|\/+$/g, ''));
  add('outcome = @outcome', 'outcome', query.outcome);
  add('caller = @caller', 'caller', query.caller);
  add('queued_at >= @since', 'since', query.since);
  add('queued_at < @until', 'until', query.until);
  add(`search_text LIKE @text ESCAPE '\\'`, 'text', query.text ? likePattern(query.text) : undefined);
  add('seq < (SELECT seq FROM runs WHERE id = @beforeId)', 'beforeId', query.beforeId);
  if (query.flagged === true) clauses.push('EXISTS (SELECT 1 FROM flags WHERE flags.run_seq = runs.seq)');
  return { sql: clauses.join(' AND '), params };
}

/**
 * History: one row per finished job (table `runs`, migration 001). `record` posts the run to the
 * store's writer thread (never blocks a request); reads are direct on this connection (WAL readers
 * do not wait for the writer, and see each batch once it is committed).
 */
export class HistoryRepository {
  private readonly byId: Database.Statement<[string], RunDbRow>;

  constructor(private readonly store: { readonly db: Database.Database; readonly writer: BatchWriter }) {
    this.byId = store.db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`);
  }

  /**
   * Queues the run for the writer thread's next batch (its row is built there: run-rows.ts);
   * `files` are the content files its values reference.
   */
  record(run: RunRecord, files: readonly RunFileRef[] = []): void {
    this.store.writer.recordRun(run, files);
  }

  /** The newest runs first that match the query; page with `beforeId` = the last id of a page. */
  list(query: HistoryQuery): RunRow[] {
    const { sql, params } = where(query);
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const rows = this.store.db
      .prepare<Record<string, string | number>, RunDbRow>(`SELECT ${COLUMNS} FROM runs WHERE ${sql} ORDER BY seq DESC LIMIT ${limit}`)
      .all(params);
    return rows.map(toRow);
  }

  /** How many runs match (the filters of `list`, without paging). */
  count(query: Omit<HistoryQuery, 'limit' | 'beforeId'>): number {
    const { sql, params } = where(query);
    const row = this.store.db
      .prepare<Record<string, string | number>, { n: number }>(`SELECT count(*) AS n FROM runs WHERE ${sql}`)
      .get(params);
    return row?.n ?? 0;
  }

  get(id: string): RunRow | null {
    const row = this.byId.get(id);
    return row ? toRow(row) : null;
  }

  /** Deletes runs now (not batched: the caller waits for it); returns how many were removed. */
  remove(ids: readonly string[]): number {
    const statement = this.store.db.prepare('DELETE FROM runs WHERE id = ?');
    const removeAll = this.store.db.transaction((list: readonly string[]) => list.reduce((n, id) => n + statement.run(id).changes, 0));
    return removeAll.immediate(ids);
  }
}
