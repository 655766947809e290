import type { Migration } from './migration.js';

/**
 * What `demo-desktop tune` measured, one row per tuned event (main/store/tune-reports.ts): the
 * project.json's real path and the hash of its text once the tune ended (a different hash now
 * means the report is stale), the event's api name, when (ms since the epoch), and the report as
 * JSON (preload/shared/tune/tune-report.ts `eventTuneReport`). The app shows the latest per event.
 */
export const tuneReportsMigration: Migration = {
  version: 5,
  name: 'tune-reports',
  up(db) {
    db.exec(`
      CREATE TABLE tune_reports (
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        project_hash TEXT NOT NULL,
        event TEXT NOT NULL,
        measured_at INTEGER NOT NULL,
        report TEXT NOT NULL
      );
      CREATE INDEX tune_reports_latest ON tune_reports (project, event, measured_at);
    `);
  },
};
