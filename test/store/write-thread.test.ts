/**
 * Recording stays off the serving thread (issue 16: "writes batched off the hot path so the
 * scheduler's latency does not move"): runs are built and committed by the store's writer thread on
 * its own connection, with the BatchWriter's guarantees (one bad run skipped alone, a busy database
 * retried, a full queue dropping with a count, flush and close committing everything).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore, STORE_FILE_NAME } from '../../main/store/open-store.js';
import { aRun, recordingLogger, useDataDirs } from './support.js';

const dataDir = useDataDirs();
const PROJECT = aRun().project;

/** Rows of `runs` as another connection sees them (committed ones only): what a restart would find. */
function committed(dir: string): number {
  const db = new Database(path.join(dir, STORE_FILE_NAME), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Waits until `done()` holds, on events (a short timer), not on a deadline. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("the store's writer thread", () => {
  it('leaves the serving connection without a single change of its own for the runs it records', async () => {
    const dir = await dataDir();
    const store = openStore({ dataDir: dir, logger: silentLogger });
    const history = new HistoryRepository(store);
    const changes = (): unknown => store.db.prepare('SELECT total_changes()').pluck().get();
    const before = changes();
    for (let i = 0; i < 50; i++) history.record(aRun(), [{ sha256: 'a'.repeat(64), size: 3 }]);
    await store.writer.flush();
    // total_changes() counts this connection's inserts only: the 50 runs and 50 file rows are the thread's.
    expect(changes()).toBe(before);
    expect(history.count({ project: PROJECT })).toBe(50);
    expect(store.db.prepare('SELECT count(*) FROM run_files').pluck().get()).toBe(50);
    await store.close();
  });

  it('skips a run the database refuses, logs it on the main logger, and commits the others', async () => {
    const dir = await dataDir();
    const { logger, lines } = recordingLogger();
    const store = openStore({ dataDir: dir, logger });
    const history = new HistoryRepository(store);
    history.record(aRun({ id: 'good-1' }));
    // A value SQLite cannot bind (an object for a time): the insert throws, inside its own savepoint.
    history.record(aRun({ id: 'bad', queuedAt: { not: 'a time' } as never }));
    history.record(aRun({ id: 'good-2' }));
    await store.writer.flush();
    expect(history.list({ project: PROJECT }).map((run) => run.id)).toEqual(['good-2', 'good-1']);
    expect(lines.some((line) => line.includes('a database write failed and was skipped') && line.includes('"id":"bad"'))).toBe(true);
    await store.close();
  });

  it('waits out the lock of another process on its own thread, not the serving one, and commits once the lock is gone', async () => {
    const dir = await dataDir();
    const { logger, lines } = recordingLogger();
    const store = openStore({ dataDir: dir, logger, busyTimeoutMs: 3_000 });
    const history = new HistoryRepository(store);
    history.record(aRun());
    await store.writer.flush();
    const other = new Database(store.path);
    other.prepare('BEGIN IMMEDIATE').run();
    history.record(aRun({ id: 'waits' }));
    // Committing on this thread would hold it in SQLite's busy handler for the whole busy timeout (3 s).
    const started = performance.now();
    const flushed = store.writer.flush();
    const heldMs = performance.now() - started;
    await expect(flushed).rejects.toThrow(/locked|busy/i);
    expect(heldMs).toBeLessThan(1_500);
    await until(() => lines.some((line) => line.includes('a database write batch was refused; it is retried')));
    other.prepare('COMMIT').run();
    other.close();
    await until(() => history.get('waits') !== null);
    expect(store.writer.pending).toBe(0);
    await store.close();
  });

  it('drops runs past its bound, says so once, and gives the count when the queue drains', async () => {
    const dir = await dataDir();
    const { logger, lines } = recordingLogger();
    const store = openStore({ dataDir: dir, logger, maxQueuedWrites: 10, batchDelayMs: 60_000 });
    const history = new HistoryRepository(store);
    for (let i = 0; i < 25; i++) history.record(aRun());
    expect(store.writer.pending).toBe(10);
    expect(lines.filter((line) => line.includes('write queue is full'))).toHaveLength(1);
    await store.writer.flush();
    expect(history.count({ project: PROJECT })).toBe(10);
    await until(() => lines.some((line) => line.includes('drained') && line.includes('"dropped":15')));
    await store.close();
  });

  it('commits what is posted when the store closes, and a new connection reads it', async () => {
    const dir = await dataDir();
    const store = openStore({ dataDir: dir, logger: silentLogger, batchDelayMs: 60_000 });
    const history = new HistoryRepository(store);
    for (let i = 0; i < 30; i++) history.record(aRun());
    await store.close();
    expect(committed(dir)).toBe(30);
  });
});
