import { stat } from 'node:fs/promises';
import type { Logger } from '../common/logger.js';
import type { Store } from './open-store.js';
import { readRetention, type RetentionSettings } from './store-settings.js';

/** Runs deleted per transaction: each batch is short, so the writer and readers are never held long. */
const BATCH = 500;
const DAY_MS = 86_400_000;
/** A content file younger than this is kept even when no row names it yet (its run may still be queued). */
const FILE_GRACE_MS = 60 * 60_000;
/** A file a deleted run freed is kept if it was put this recently (a new run may be using it again). */
const REPUT_GRACE_MS = 60_000;

export interface RetentionResult {
  readonly runsRemoved: number;
  readonly filesRemoved: number;
  readonly bytesAfter: number;
}

export interface RetentionOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** First sweep after this long (default 60 s), then every `intervalMs` (default 1 h). */
  readonly firstDelayMs?: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** Yields to the event loop between batches, so a long sweep never stalls requests. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function databaseBytes(store: Store): number {
  const pages = store.db.pragma('page_count', { simple: true }) as number;
  const free = store.db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * (store.db.pragma('page_size', { simple: true }) as number);
}

async function contentBytes(store: Store): Promise<number> {
  let total = 0;
  for await (const file of store.files.list()) total += file.size;
  return total;
}

/**
 * Which runs one batch deletes, oldest first: `limit` caps it; with `bytes`, it stops once their
 * rows and files (counted even when shared, so it may free less and loop again) cover that much.
 */
interface Pick {
  readonly where: string;
  readonly params: number[];
  readonly bytes?: number;
}

/** Deletes the oldest runs, a batch per transaction, while `next()` gives a pick; their freed files go too. */
async function deleteOldest(store: Store, next: () => Promise<Pick | null>, now: number): Promise<{ runs: number; files: number }> {
  const { db } = store;
  const filesOf = db.prepare<[number], { sha256: string }>('SELECT sha256 FROM run_files WHERE run_seq = ?');
  const remove = db.prepare('DELETE FROM runs WHERE seq = ?');
  const batch = db.transaction((pick: Pick) => {
    const rows = db
      .prepare<number[], { seq: number; cost: number }>(
        `SELECT seq, bytes + coalesce((SELECT sum(size) FROM run_files WHERE run_seq = runs.seq), 0) AS cost
         FROM runs WHERE ${pick.where} ORDER BY seq LIMIT ${BATCH}`,
      )
      .all(...pick.params);
    const freed = new Set<string>();
    let covered = 0;
    let runs = 0;
    for (const row of rows) {
      if (pick.bytes !== undefined && covered >= pick.bytes) break;
      for (const file of filesOf.all(row.seq)) freed.add(file.sha256);
      remove.run(row.seq);
      covered += row.cost;
      runs++;
    }
    return { runs, freed };
  });
  const total = { runs: 0, files: 0 };
  for (let pick = await next(); pick; pick = await next()) {
    const { runs, freed } = batch.immediate(pick);
    total.runs += runs;
    total.files += await removeFiles(store, freed, now, REPUT_GRACE_MS);
    if (runs === 0) break;
    await yieldTurn();
  }
  return total;
}

/** Removes the given content files that no run names any more and that were not put again lately. */
async function removeFiles(store: Store, candidates: Iterable<string>, now: number, graceMs: number): Promise<number> {
  const named = store.db.prepare<[string], { n: number }>('SELECT 1 AS n FROM run_files WHERE sha256 = ? LIMIT 1');
  let removed = 0;
  for (const sha256 of candidates) {
    if (named.get(sha256)) continue;
    const info = await stat(store.files.path(sha256)).catch(() => null);
    if (!info || now - info.mtimeMs < graceMs) continue;
    await store.files.remove(sha256);
    removed++;
  }
  return removed;
}

/** Every content file no run names (older than the grace period), and temporary files a crash left. */
async function removeUnreferenced(store: Store, now: number): Promise<number> {
  const all: string[] = [];
  for await (const file of store.files.list()) all.push(file.sha256);
  const removed = await removeFiles(store, all, now, FILE_GRACE_MS);
  await store.files.sweepTemp(FILE_GRACE_MS, now);
  return removed;
}

/**
 * One sweep: runs older than `days` go; then, while the database and its files together are over
 * `maxSizeMb`, the oldest runs go (a batch at a time, files no run names removed after each); then
 * every unreferenced content file. Deletes commit directly (not through the BatchWriter): they are
 * the background's work, in short IMMEDIATE transactions.
 */
export async function sweepHistory(
  store: Store,
  settings: RetentionSettings = readRetention(store.db),
  now = Date.now(),
): Promise<RetentionResult> {
  const byAge: Pick = { where: 'queued_at < ?', params: [now - settings.days * DAY_MS] };
  const old = await deleteOldest(store, () => Promise.resolve(byAge), now);
  const limit = settings.maxSizeMb * 1024 * 1024;
  const bySize = async (): Promise<Pick | null> => {
    const excess = databaseBytes(store) + (await contentBytes(store)) - limit;
    return excess > 0 ? { where: '1 = 1', params: [], bytes: excess } : null;
  };
  const big = await deleteOldest(store, bySize, now);
  const files = old.files + big.files + (await removeUnreferenced(store, now));
  return { runsRemoved: old.runs + big.runs, filesRemoved: files, bytesAfter: databaseBytes(store) + (await contentBytes(store)) };
}

/** The background sweep: on a timer that does not keep the process alive; `stop` ends it. */
export function startRetention(options: RetentionOptions): { stop(): Promise<void>; sweepNow(): Promise<RetentionResult> } {
  const logger = options.logger.child('retention');
  const now = options.now ?? Date.now;
  let running: Promise<RetentionResult | null> = Promise.resolve(null);
  let stopped = false;
  const sweep = (): Promise<RetentionResult> => {
    const next = running.then(() => sweepHistory(options.store, undefined, now()));
    running = next.catch((error: unknown) => {
      logger.warn('history cleanup failed; it runs again later', { error: String(error) });
      return null;
    });
    return next;
  };
  const tick = (): void => {
    if (stopped) return;
    void sweep().then(
      (result) => {
        if (result.runsRemoved + result.filesRemoved > 0) logger.info('history cleaned up', { ...result });
      },
      () => undefined,
    );
    timer = setTimeout(tick, options.intervalMs ?? 60 * 60_000);
    timer.unref();
  };
  let timer = setTimeout(tick, options.firstDelayMs ?? 60_000);
  timer.unref();
  return {
    sweepNow: sweep,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
