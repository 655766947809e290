import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore, STORE_FILE_NAME } from '../../main/store/open-store.js';
import { aRun, recordingLogger, useDataDirs } from './support.js';

const dataDir = useDataDirs();

async function storeWithRuns(dir: string, count: number): Promise<string> {
  const store = openStore({ dataDir: dir, logger: silentLogger });
  const history = new HistoryRepository(store);
  for (let i = 0; i < count; i++) history.record(aRun({ inputs: ['x'.repeat(2_000)] }));
  await store.close();
  return store.path;
}

describe('openStore', () => {
  it('creates the file in the data folder in WAL mode, with foreign keys and a busy timeout', async () => {
    const dir = await dataDir();
    const store = openStore({ dataDir: dir, logger: silentLogger });
    expect(store.path).toBe(path.join(dir, STORE_FILE_NAME));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5_000);
    expect(store.recovered).toBeNull();
    await store.close();
  });

  it('moves a truncated file aside, starts fresh and says so, keeping the old file', async () => {
    const dir = await dataDir();
    const file = await storeWithRuns(dir, 300);
    const size = statSync(file).size;
    expect(size).toBeGreaterThan(100_000);
    truncateSync(file, Math.floor(size / 2));
    const { logger, lines } = recordingLogger();
    const store = openStore({ dataDir: dir, logger });
    expect(store.recovered).toBeInstanceOf(AppError);
    expect(store.recovered?.code).toBe('STORE_CORRUPT');
    const kept = readdirSync(dir).find(
      (name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`) && !name.endsWith('-wal') && !name.endsWith('-shm'),
    );
    expect(kept).toBeDefined();
    expect(statSync(path.join(dir, kept ?? '')).size).toBe(Math.floor(size / 2));
    expect(store.recovered?.message).toContain(file);
    expect(store.recovered?.message).toContain(`moved aside to ${path.join(dir, kept ?? '')}, started fresh`);
    expect(lines.some((line) => line.startsWith('[error]') && line.includes('started fresh'))).toBe(true);
    const history = new HistoryRepository(store);
    expect(history.list({ project: aRun().project })).toEqual([]);
    history.record(aRun());
    await store.writer.flush();
    expect(history.count({ project: aRun().project })).toBe(1);
    await store.close();
  });

  it('moves a file that is not a database aside', async () => {
    const dir = await dataDir();
    writeFileSync(path.join(dir, STORE_FILE_NAME), 'these are not the bytes of an SQLite database, not even close to it'.repeat(100));
    const store = openStore({ dataDir: dir, logger: silentLogger });
    expect(store.recovered?.code).toBe('STORE_CORRUPT');
    expect(store.recovered?.message).toMatch(/not a database/);
    expect(readdirSync(dir).some((name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`))).toBe(true);
    await store.close();
  });

  it('says clearly when another process holds the file locked, and leaves the file alone', async () => {
    const dir = await dataDir();
    const file = await storeWithRuns(dir, 1);
    // Another process takes an exclusive lock (locking_mode=EXCLUSIVE + a write keeps it until it exits).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)});
         db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); db.exec('CREATE TABLE IF NOT EXISTS held (x)');
         console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      let thrown: unknown;
      try {
        openStore({ dataDir: dir, logger: silentLogger, busyTimeoutMs: 200 });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).code).toBe('STORE_LOCKED');
      expect((thrown as AppError).message).toContain(`The database ${file} is locked by another process`);
      expect(readdirSync(dir).some((name) => name.includes('.corrupt-'))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    // Once the other process is gone, the same file opens with its rows.
    const store = openStore({ dataDir: dir, logger: silentLogger });
    expect(new HistoryRepository(store).count({ project: aRun().project })).toBe(1);
    await store.close();
  });

  it('refuses a file written by a newer demo-desktop instead of guessing', async () => {
    const dir = await dataDir();
    const db = new Database(path.join(dir, STORE_FILE_NAME));
    db.pragma('user_version = 999');
    db.close();
    expect(() => openStore({ dataDir: dir, logger: silentLogger })).toThrow(/schema version 999, written by a newer demo-desktop/);
    expect(existsSync(path.join(dir, STORE_FILE_NAME))).toBe(true);
  });
});
