import type Database from 'better-sqlite3';
import type { BatchWriter } from '../store/batch-writer.js';
import { bucketRows, combineRows, type MetricsRow, type Resolution } from './metrics-row.js';

/** The tables, finest first; each holds a span of time none of the others holds (rollup moves rows down). */
const TABLES: Readonly<Record<Resolution, string>> = { raw: 'metrics_raw', minute: 'metrics_minute', hour: 'metrics_hour' };

const FIELDS: readonly (readonly [keyof MetricsRow, string])[] = [
  ['project', 'project'],
  ['event', 'event'],
  ['t', 't'],
  ['intervalMs', 'interval_ms'],
  ['samples', 'samples'],
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['cancelled', 'cancelled'],
  ['latencyP50', 'latency_p50'],
  ['latencyP95', 'latency_p95'],
  ['latencyP99', 'latency_p99'],
  ['queued', 'queued'],
  ['queuedMax', 'queued_max'],
  ['running', 'running'],
  ['waitP50', 'wait_p50'],
  ['waitP95', 'wait_p95'],
  ['batches', 'batches'],
  ['batchJobs', 'batch_jobs'],
  ['batchMax', 'batch_max'],
  ['rssBytes', 'rss_bytes'],
  ['heapBytes', 'heap_bytes'],
  ['workersRssBytes', 'workers_rss_bytes'],
  ['gpuMemoryUsedBytes', 'gpu_memory_used_bytes'],
  ['gpuMemoryTotalBytes', 'gpu_memory_total_bytes'],
  ['gpuUtilization', 'gpu_utilization'],
];

const SELECT_LIST = FIELDS.map(([key, column]) => `${column} AS ${key}`).join(', ');
const INSERT_COLUMNS = FIELDS.map(([, column]) => column).join(', ');
const INSERT_VALUES = FIELDS.map(([key]) => `@${key}`).join(', ');

/** How long each resolution is kept before it is rolled into the next (hour rows are kept). */
export interface RetentionSettings {
  /** Raw samples older than this become minute rows; default a day. */
  readonly rawMs: number;
  /** Minute rows older than this become hour rows; default a week. */
  readonly minuteMs: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { rawMs: 24 * 3_600_000, minuteMs: 7 * 24 * 3_600_000 };

export interface HistoryQuery {
  readonly project: string;
  /** Inclusive start and exclusive end, ms since the epoch. */
  readonly from: number;
  readonly to: number;
  /** One event's api name, or every event. */
  readonly event?: string;
  /** Bucket length of the answer; 0 gives the rows as stored. */
  readonly bucketMs: number;
}

/** Reads and writes metrics history; writes go through the store's BatchWriter (off the hot path). */
export class MetricsRepository {
  private readonly inserts: Record<Resolution, Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    private readonly writer: BatchWriter,
  ) {
    const insert = (table: string): Database.Statement =>
      db.prepare(`INSERT OR REPLACE INTO ${table} (${INSERT_COLUMNS}) VALUES (${INSERT_VALUES})`);
    this.inserts = { raw: insert(TABLES.raw), minute: insert(TABLES.minute), hour: insert(TABLES.hour) };
  }

  /** Queues one sample's rows (one per event) for the next write batch. */
  record(rows: readonly MetricsRow[]): void {
    if (rows.length === 0) return;
    this.writer.enqueue(() => {
      for (const row of rows) this.inserts.raw.run(row);
    });
  }

  /**
   * Rows of [from, to) from every table (each holds its own span of time), one event's or all,
   * merged into buckets of `bucketMs` (0: as stored), sorted by time.
   */
  query(query: HistoryQuery): MetricsRow[] {
    const eventClause = query.event === undefined ? '' : ' AND event = @event';
    const rows = Object.values(TABLES).flatMap(
      (table) =>
        this.db.prepare(`SELECT ${SELECT_LIST} FROM ${table} WHERE project = @project AND t >= @from AND t < @to${eventClause}`).all({
          project: query.project,
          from: query.from,
          to: query.to,
          ...(query.event === undefined ? {} : { event: query.event }),
        }) as MetricsRow[],
    );
    rows.sort((a, b) => a.t - b.t || a.event.localeCompare(b.event));
    return query.bucketMs > 0 ? bucketRows(rows, query.bucketMs) : rows;
  }

  /** The events that have history in this project. */
  events(project: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT event FROM metrics_raw WHERE project = ? UNION SELECT event FROM metrics_minute WHERE project = ?
         UNION SELECT event FROM metrics_hour WHERE project = ? ORDER BY event`,
      )
      .all(project, project, project) as { event: string }[];
    return rows.map((row) => row.event);
  }

  /**
   * Moves raw rows older than `retention.rawMs` into minute rows, and minute rows older than
   * `retention.minuteMs` into hour rows, in one transaction. Cut-offs fall on bucket boundaries,
   * so a bucket is rolled only once whole; a row that arrives late for a rolled bucket (another
   * server on the same data folder, a clock step) is merged into it. Returns the rows moved.
   */
  rollup(now: number, retention: RetentionSettings = DEFAULT_RETENTION): { raw: number; minute: number } {
    return this.db
      .transaction(() => ({
        raw: this.rollInto('raw', 'minute', now - retention.rawMs),
        minute: this.rollInto('minute', 'hour', now - retention.minuteMs),
      }))
      .immediate();
  }

  private rollInto(from: 'raw' | 'minute', to: 'minute' | 'hour', before: number): number {
    const bucketMs = to === 'minute' ? 60_000 : 3_600_000;
    const cutoff = Math.floor(before / bucketMs) * bucketMs;
    const old = this.db
      .prepare(`SELECT ${SELECT_LIST} FROM ${TABLES[from]} WHERE t < ? ORDER BY project, event, t`)
      .all(cutoff) as MetricsRow[];
    if (old.length === 0) return 0;
    const existing = this.db.prepare(`SELECT ${SELECT_LIST} FROM ${TABLES[to]} WHERE project = ? AND event = ? AND t = ?`);
    for (const group of groupByProject(old)) {
      for (const bucket of bucketRows(group, bucketMs)) {
        const already = existing.get(bucket.project, bucket.event, bucket.t) as MetricsRow | undefined;
        this.inserts[to].run(already ? combineRows([already, bucket], bucket.t, bucketMs) : bucket);
      }
    }
    this.db.prepare(`DELETE FROM ${TABLES[from]} WHERE t < ?`).run(cutoff);
    return old.length;
  }
}

function groupByProject(rows: readonly MetricsRow[]): MetricsRow[][] {
  const groups = new Map<string, MetricsRow[]>();
  for (const row of rows) {
    const group = groups.get(row.project);
    if (group) group.push(row);
    else groups.set(row.project, [row]);
  }
  return [...groups.values()];
}
