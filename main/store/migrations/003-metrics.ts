import type { Migration } from './migration.js';

/** The columns every metrics table shares (main/metrics-history/metrics-row.ts says what each means). */
const COLUMNS = `
  project TEXT NOT NULL,
  event TEXT NOT NULL,
  t INTEGER NOT NULL,
  interval_ms INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  completed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  latency_p50 REAL,
  latency_p95 REAL,
  latency_p99 REAL,
  queued REAL NOT NULL,
  queued_max INTEGER NOT NULL,
  running REAL NOT NULL,
  wait_p50 REAL,
  wait_p95 REAL,
  batches INTEGER NOT NULL,
  batch_jobs INTEGER NOT NULL,
  batch_max INTEGER NOT NULL,
  rss_bytes INTEGER,
  heap_bytes INTEGER,
  workers_rss_bytes INTEGER,
  gpu_memory_used_bytes INTEGER,
  gpu_memory_total_bytes INTEGER,
  gpu_utilization REAL,
  PRIMARY KEY (project, event, t)`;

/**
 * Metrics over time (docs/store.md): one row per event per sample (`metrics_raw`, every 5 s, kept a
 * day), rolled up into `metrics_minute` (kept a week) and `metrics_hour` (kept). The three tables
 * hold disjoint spans of time, so a range query reads each and merges.
 */
export const metricsMigration: Migration = {
  version: 3,
  name: 'metrics',
  up(db) {
    db.exec(`
      CREATE TABLE metrics_raw (${COLUMNS}) WITHOUT ROWID;
      CREATE TABLE metrics_minute (${COLUMNS}) WITHOUT ROWID;
      CREATE TABLE metrics_hour (${COLUMNS}) WITHOUT ROWID;
      CREATE INDEX metrics_raw_t ON metrics_raw (t);
      CREATE INDEX metrics_minute_t ON metrics_minute (t);
    `);
  },
};
