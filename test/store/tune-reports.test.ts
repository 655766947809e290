/**
 * The `tune_reports` table (migration 005) on real SQLite files: added to a database of every
 * earlier version without losing its runs, and the latest report of each event read back with
 * its staleness (project.json's hash), older ones pruned.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { schemaVersion } from '../../main/store/migrate.js';
import { MIGRATIONS } from '../../main/store/migrations/index.js';
import { openStore, STORE_FILE_NAME } from '../../main/store/open-store.js';
import { KEPT_PER_EVENT, latestTuneReports, saveTuneReports } from '../../main/store/tune-reports.js';
import { aRun, useDataDirs } from './support.js';
import { aReport } from './tune-fixture.js';

const dataDir = useDataDirs();
const TUNE_VERSION = 5;

describe('tune reports (migration 005)', () => {
  it('is the fifth step', () => {
    expect(MIGRATIONS[TUNE_VERSION - 1]?.name).toBe('tune-reports');
  });

  for (let version = 0; version < TUNE_VERSION; version++) {
    it(`adds tune_reports to a version ${version} database, keeping its runs, and saves a report there`, async () => {
      const dir = await dataDir();
      let runId: string | null = null;
      if (version === 0) new Database(path.join(dir, STORE_FILE_NAME)).close();
      else {
        const old = openStore({ dataDir: dir, logger: silentLogger, migrations: MIGRATIONS.slice(0, version) });
        const run = aRun({ inputs: ['older'] });
        new HistoryRepository(old).record(run);
        await old.close();
        runId = run.id;
      }
      const file = path.join(dir, 'project.json');
      await writeFile(file, '{"version": 1}\n');
      // Reading a database without the table yet finds nothing (the app may read before any tune).
      expect(await latestTuneReports(dir, file, silentLogger)).toEqual([]);
      await saveTuneReports({ dataDir: dir, logger: silentLogger, projectFile: file, reports: [aReport('predict')] });
      const store = openStore({ dataDir: dir, logger: silentLogger });
      expect(schemaVersion(store.db)).toBe(MIGRATIONS.length);
      if (runId) expect(new HistoryRepository(store).get(runId)?.inputs).toEqual(['older']);
      await store.close();
      const [saved] = await latestTuneReports(dir, file, silentLogger);
      expect(saved).toMatchObject({ event: 'predict', stale: false, report: aReport('predict') });
    });
  }

  it('reads the latest report per event, marks it stale once project.json changes, and keeps the last 20', async () => {
    const dir = await dataDir();
    expect(await latestTuneReports(dir, path.join(dir, 'project.json'), silentLogger)).toEqual([]); // no database yet
    const file = path.join(dir, 'project.json');
    await writeFile(file, '{"version": 1}\n');
    for (let i = 1; i <= KEPT_PER_EVENT + 5; i++) {
      await saveTuneReports({
        dataDir: dir,
        logger: silentLogger,
        projectFile: file,
        reports: [aReport('predict', i), aReport('other', 100 + i)],
        measuredAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
      });
    }
    const latest = await latestTuneReports(dir, file, silentLogger);
    expect(latest.map((r) => [r.event, r.report.capacity?.requestsPerMinute, r.measuredAt, r.stale])).toEqual([
      ['other', 7500, '2026-01-01T00:25:00.000Z', false],
      ['predict', 1500, '2026-01-01T00:25:00.000Z', false],
    ]);
    await writeFile(file, '{"version": 1, "name": "changed"}\n');
    expect((await latestTuneReports(dir, file, silentLogger)).map((r) => r.stale)).toEqual([true, true]);
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(db.prepare("SELECT count(*) FROM tune_reports WHERE event = 'predict'").pluck().get()).toBe(KEPT_PER_EVENT);
    // A row that no longer matches the schema is skipped, not an error for the page.
    db.prepare("UPDATE tune_reports SET report = '{\"apiName\": 3}' WHERE event = 'other'").run();
    db.close();
    expect((await latestTuneReports(dir, file, silentLogger)).map((r) => r.event)).toEqual(['predict']);
  });

  it('refuses a report that does not match the schema, before writing anything', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'project.json');
    await writeFile(file, '{}');
    const bad = { ...aReport('predict'), chosen: -1 };
    await expect(saveTuneReports({ dataDir: dir, logger: silentLogger, projectFile: file, reports: [bad] })).rejects.toThrow();
    expect(await latestTuneReports(dir, file, silentLogger)).toEqual([]);
  });
});
