import type Database from 'better-sqlite3';
import type { BatchWriter } from './batch-writer.js';
import type { HistoryQuery, RunRecord, RunRow } from './history-types.js';
import { likePattern, searchText } from './search-text.js';

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

/** The SQL conditions and parameters of a query (every filter is optional but the project). */
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
  return { sql: clauses.join(' AND '), params };
}

/**
 * History: one row per finished job (table `runs`, migration 001). `record` queues the insert on
 * the BatchWriter (never blocks a request); reads are direct (WAL readers do not wait for it).
 */
export class HistoryRepository {
  private readonly insertRun: Database.Statement;
  private readonly insertFile: Database.Statement;
  private readonly byId: Database.Statement<[string], RunDbRow>;

  constructor(private readonly store: { readonly db: Database.Database; readonly writer: BatchWriter }) {
    const { db } = store;
    this.insertRun = db.prepare(`INSERT OR IGNORE INTO runs
      (id, project, event_index, api_name, session_id, visitor_id, caller, outcome, error,
       queued_at, started_at, finished_at, inputs_json, outputs_json, search_text, bytes)
      VALUES (@id, @project, @eventIndex, @apiName, @sessionId, @visitorId, @caller, @outcome, @error,
       @queuedAt, @startedAt, @finishedAt, @inputsJson, @outputsJson, @searchText, @bytes)`);
    this.insertFile = db.prepare('INSERT OR IGNORE INTO run_files (run_seq, sha256, size) VALUES (?, ?, ?)');
    this.byId = db.prepare(`SELECT ${COLUMNS} FROM runs WHERE id = ?`);
  }

  /** Queues the run for the next write batch; `files` are the content files its values reference. */
  record(run: RunRecord, files: readonly { readonly sha256: string; readonly size: number }[] = []): void {
    const inputsJson = JSON.stringify(run.inputs);
    const outputsJson = run.outputs === null ? null : JSON.stringify(run.outputs);
    const text = searchText(run.inputs, run.outputs, run.error);
    const bytes = inputsJson.length + (outputsJson?.length ?? 0) + text.length;
    const { inputs: _inputs, outputs: _outputs, ...scalars } = run;
    const params = { ...scalars, inputsJson, outputsJson, searchText: text, bytes };
    this.store.writer.enqueue(() => {
      const result = this.insertRun.run(params);
      if (result.changes === 0) return;
      for (const file of files) this.insertFile.run(result.lastInsertRowid, file.sha256, file.size);
    });
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
