import { historyMigration } from './001-history.js';
import { flagsMigration } from './002-flags.js';
import { metricsMigration } from './003-metrics.js';
import { leanRunIndexesMigration } from './004-lean-run-indexes.js';
import { tuneReportsMigration } from './005-tune-reports.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/**
 * Every schema step, in order. Each owner adds one file and one line here, never editing an
 * earlier step: a database at version n runs the steps after n (main/store/migrate.ts).
 */
export const MIGRATIONS: readonly Migration[] = [
  historyMigration,
  flagsMigration,
  metricsMigration,
  leanRunIndexesMigration,
  tuneReportsMigration,
];
