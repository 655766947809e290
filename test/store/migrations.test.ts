import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { MIGRATIONS } from '../../main/store/migrations/index.js';
import { schemaVersion } from '../../main/store/migrate.js';
import { openStore, STORE_FILE_NAME } from '../../main/store/open-store.js';
import { aRun, useDataDirs } from './support.js';

const dataDir = useDataDirs();
const LATEST = MIGRATIONS.length;

/** A database file as an older demo-desktop left it: the first `version` steps, and a run once history exists. */
async function databaseAt(version: number): Promise<{ dir: string; runId: string | null }> {
  const dir = await dataDir();
  if (version === 0) {
    // Version 0: a file SQLite made but no schema step ran on (an empty database).
    new Database(path.join(dir, STORE_FILE_NAME)).close();
    return { dir, runId: null };
  }
  const store = openStore({ dataDir: dir, logger: silentLogger, migrations: MIGRATIONS.slice(0, version) });
  expect(schemaVersion(store.db)).toBe(version);
  const run = aRun({ inputs: ['from an older version'] });
  new HistoryRepository(store).record(run);
  await store.close();
  return { dir, runId: run.id };
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  for (let version = 0; version <= LATEST; version++) {
    it(`bring a version ${version} database to version ${LATEST}, keeping its rows`, async () => {
      const { dir, runId } = await databaseAt(version);
      const store = openStore({ dataDir: dir, logger: silentLogger });
      expect(schemaVersion(store.db)).toBe(LATEST);
      const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toContain('runs');
      const history = new HistoryRepository(store);
      if (runId) expect(history.get(runId)?.inputs).toEqual(['from an older version']);
      history.record(aRun());
      await store.writer.flush();
      await store.close();
    });
  }

  it('keep runs without a visitor out of the visitor index (4), which still serves a query by visitor', async () => {
    const { dir } = await databaseAt(3);
    const store = openStore({ dataDir: dir, logger: silentLogger });
    const history = new HistoryRepository(store);
    history.record(aRun({ id: 'local-run' }));
    history.record(aRun({ id: 'visitor-run', visitorId: 'visitor-1', caller: 'visitor' }));
    await store.writer.flush();
    const indexes = store.db.pragma('index_list(runs)') as { name: string; partial: number }[];
    expect(indexes.find((index) => index.name === 'runs_visitor')?.partial).toBe(1);
    const plan = store.db
      .prepare('EXPLAIN QUERY PLAN SELECT seq FROM runs WHERE project = ? AND visitor_id = ? ORDER BY seq DESC')
      .all('p', 'visitor-1') as { detail: string }[];
    expect(plan.map((step) => step.detail).join(' ')).toMatch(/INDEX runs_visitor/);
    expect(history.list({ project: aRun().project, visitorId: 'visitor-1' }).map((run) => run.id)).toEqual(['visitor-run']);
    await store.close();
  });

  it('run each step once when two connections open one old file at once', async () => {
    const dir = await dataDir();
    const first = openStore({ dataDir: dir, logger: silentLogger, migrations: [] });
    const second = openStore({ dataDir: dir, logger: silentLogger });
    expect(schemaVersion(first.db)).toBe(LATEST);
    await second.close();
    await first.close();
  });

  it('roll a failing step back whole: the version stays where it was', async () => {
    const dir = await dataDir();
    const broken = {
      version: LATEST + 1,
      name: 'broken',
      up: (db: Database.Database) => db.exec('CREATE TABLE half (x); SELECT * FROM missing'),
    };
    expect(() => openStore({ dataDir: dir, logger: silentLogger, migrations: [...MIGRATIONS, broken] })).toThrow(/no such table: missing/);
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    expect(schemaVersion(db)).toBe(LATEST);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
  });
});
