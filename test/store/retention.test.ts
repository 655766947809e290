import { utimes } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { startRetention, sweepHistory } from '../../main/store/retention.js';
import { DEFAULT_RETENTION, readRetention, writeRetention } from '../../main/store/store-settings.js';
import { aRun, useDataDirs } from './support.js';

const dataDir = useDataDirs();
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6);

/** Makes a content file look as if it was put `ageMs` ago. */
async function age(store: Store, sha256: string, ageMs: number): Promise<void> {
  const then = new Date(NOW - ageMs);
  await utimes(store.files.path(sha256), then, then);
}

describe('retention', () => {
  it('keeps its settings in the database, defaults first, validated', async () => {
    const store = openStore({ dataDir: await dataDir(), logger: silentLogger });
    expect(readRetention(store.db)).toEqual(DEFAULT_RETENTION);
    writeRetention(store.db, { days: 7, maxSizeMb: 100 });
    expect(readRetention(store.db)).toEqual({ days: 7, maxSizeMb: 100 });
    expect(() => writeRetention(store.db, { days: 0, maxSizeMb: 100 })).toThrow(/days/);
    await store.close();
  });

  it('deletes runs older than the days, and the files only they used', async () => {
    const store = openStore({ dataDir: await dataDir(), logger: silentLogger });
    const history = new HistoryRepository(store);
    const shared = await store.files.putBytes(new TextEncoder().encode('used by an old and a new run'));
    const onlyOld = await store.files.putBytes(new TextEncoder().encode('used by the old run only'));
    const old = aRun({ queuedAt: NOW - 40 * DAY });
    const fresh = aRun({ queuedAt: NOW - DAY });
    history.record(old, [shared, onlyOld]);
    history.record(fresh, [shared]);
    await store.writer.flush();
    await age(store, shared.sha256, 2 * DAY);
    await age(store, onlyOld.sha256, 2 * DAY);
    const result = await sweepHistory(store, { days: 30, maxSizeMb: 2_048 }, NOW);
    expect(result).toMatchObject({ runsRemoved: 1, filesRemoved: 1 });
    expect(history.get(old.id)).toBeNull();
    expect(history.get(fresh.id)).not.toBeNull();
    expect(await store.files.has(shared.sha256)).toBe(true);
    expect(await store.files.has(onlyOld.sha256)).toBe(false);
    await store.close();
  });

  it('deletes the oldest runs while the folder is over its size, newest kept', async () => {
    const store = openStore({ dataDir: await dataDir(), logger: silentLogger });
    const history = new HistoryRepository(store);
    const runs = [];
    for (let i = 0; i < 40; i++) {
      // One MiB of its own per run, so 40 runs are 40 MiB on disk.
      const file = await store.files.putBytes(new Uint8Array(1024 * 1024).fill(i));
      await age(store, file.sha256, 2 * 60_000);
      const run = aRun({ queuedAt: NOW - (40 - i) * 60_000 });
      history.record(run, [file]);
      runs.push(run);
    }
    await store.writer.flush();
    const result = await sweepHistory(store, { days: 30, maxSizeMb: 16 }, NOW);
    expect(result.bytesAfter).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(result.runsRemoved).toBeGreaterThanOrEqual(24);
    expect(result.runsRemoved).toBeLessThanOrEqual(26); // only what the bound needs: the newest ~15 stay
    expect(result.filesRemoved).toBe(result.runsRemoved);
    const kept = history.list({ project: runs[0]?.project ?? '', limit: 500 }).map((row) => row.id);
    expect(kept).toEqual(
      runs
        .slice(result.runsRemoved)
        .map((run) => run.id)
        .reverse(),
    );
    await store.close();
  });

  it('removes content files no run names once they are past the grace period, not fresh ones', async () => {
    const store = openStore({ dataDir: await dataDir(), logger: silentLogger });
    const stray = await store.files.putBytes(new TextEncoder().encode('left by a run never committed'));
    const justPut = await store.files.putBytes(new TextEncoder().encode('its run is still in the write queue'));
    await age(store, stray.sha256, 2 * 60 * 60_000);
    await age(store, justPut.sha256, 1_000);
    await sweepHistory(store, DEFAULT_RETENTION, NOW);
    expect(await store.files.has(stray.sha256)).toBe(false);
    expect(await store.files.has(justPut.sha256)).toBe(true);
    await store.close();
  });

  it('runs in the background on its timer and stops cleanly', async () => {
    const store = openStore({ dataDir: await dataDir(), logger: silentLogger });
    const history = new HistoryRepository(store);
    history.record(aRun({ queuedAt: Date.now() - 365 * DAY }));
    await store.writer.flush();
    const retention = startRetention({ store, logger: silentLogger, firstDelayMs: 10 });
    await expect.poll(() => history.count({ project: aRun().project }), { timeout: 20_000 }).toBe(0);
    await retention.stop();
    await store.close();
  });
});
