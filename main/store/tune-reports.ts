import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { eventTuneReport, type EventTuneReport, type StoredTuneReport } from '../../preload/shared/tune/tune-report.js';
import type { Logger } from '../common/logger.js';
import { openStore, STORE_FILE_NAME } from './open-store.js';

/**
 * The `tune_reports` table (migration 005): `demo-desktop tune` saves one report per tuned event;
 * the home screen's project card and the editor's Capacity section read the latest of each. A
 * report is stale when project.json's text no longer has the hash it had when the tune ended.
 */

/** Reports kept per project and event (older ones are deleted as new ones come). */
export const KEPT_PER_EVENT = 20;

export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The key a project's rows are under: its project.json's real path (as the history's runs). */
const projectKey = (file: string): Promise<string> => realpath(file).catch(() => path.resolve(file));

async function currentHash(file: string): Promise<string | null> {
  return readFile(file, 'utf8').then(textHash, () => null);
}

export interface SaveTuneReports {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly projectFile: string;
  readonly reports: readonly EventTuneReport[];
  readonly measuredAt?: Date;
}

/** Saves the reports in one transaction, dropping the oldest beyond KEPT_PER_EVENT. Throws when the store cannot be opened. */
export async function saveTuneReports(options: SaveTuneReports): Promise<void> {
  const project = await projectKey(options.projectFile);
  const hash = (await currentHash(options.projectFile)) ?? '';
  const at = (options.measuredAt ?? new Date()).getTime();
  const store = openStore({ dataDir: options.dataDir, logger: options.logger });
  try {
    const insert = store.db.prepare('INSERT INTO tune_reports (project, project_hash, event, measured_at, report) VALUES (?, ?, ?, ?, ?)');
    const prune = store.db.prepare(
      'DELETE FROM tune_reports WHERE project = ? AND event = ? AND id NOT IN (SELECT id FROM tune_reports WHERE project = ? AND event = ? ORDER BY id DESC LIMIT ?)',
    );
    store.db.transaction(() => {
      for (const report of options.reports) {
        insert.run(project, hash, report.apiName, at, JSON.stringify(eventTuneReport.parse(report)));
        prune.run(project, report.apiName, project, report.apiName, KEPT_PER_EVENT);
      }
    })();
  } finally {
    await store.close();
  }
}

interface Row {
  readonly event: string;
  readonly project_hash: string;
  readonly measured_at: number;
  readonly report: string;
}

function latestRows(file: string, project: string): Row[] {
  const db = new Database(file, { fileMustExist: true, timeout: 2_000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tune_reports'").get();
    if (!table) return [];
    return db
      .prepare(
        `SELECT event, project_hash, measured_at, report FROM tune_reports
         WHERE id IN (SELECT max(id) FROM tune_reports WHERE project = ? GROUP BY event) ORDER BY event`,
      )
      .all(project) as Row[];
  } finally {
    db.close();
  }
}

/**
 * The latest report of each event of a project, oldest event name first; [] when the data folder
 * has no database or no report for it. A row whose JSON does not match the schema (written by
 * another version) is skipped and logged.
 */
export async function latestTuneReports(dataDir: string, projectFile: string, logger: Logger): Promise<StoredTuneReport[]> {
  const file = path.join(path.resolve(dataDir), STORE_FILE_NAME);
  if (!existsSync(file)) return [];
  const project = await projectKey(projectFile);
  const rows = latestRows(file, project);
  if (rows.length === 0) return [];
  const hash = await currentHash(projectFile);
  return rows.flatMap((row) => {
    const parsed = eventTuneReport.safeParse(JSON.parse(row.report));
    if (!parsed.success) {
      logger.warn('tune report skipped: it does not match this version', { project, event: row.event });
      return [];
    }
    return [
      {
        project,
        event: row.event,
        measuredAt: new Date(row.measured_at).toISOString(),
        stale: hash === null ? null : hash !== row.project_hash,
        report: parsed.data,
      },
    ];
  });
}
