import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine/types.js';
import type { LoadMeasurement } from './tune-types.js';

export type { LoadMeasurement } from './tune-types.js';

/**
 * A closed-loop synthetic load on one event of a real engine: `clients` callers, each with its own
 * session, submit a request, wait for its result and submit the next, cycling through `rows`. The
 * first `warmupMs` are not measured (the batch policy learns, caches warm up); then the window
 * runs at least `durationMs` and until `minCompleted` requests were measured in it (at most `maxMs`).
 * Throughput counts the requests that completed inside the window; latencies are those of the
 * requests that started and completed inside it (queue wait, batch forming and run together).
 */

export interface LoadOptions {
  readonly engine: Pick<Engine, 'run'>;
  readonly eventIndex: number;
  readonly rows: readonly (readonly unknown[])[];
  readonly clients: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly minCompleted: number;
  /** The window's longest run, whatever minCompleted says. */
  readonly maxMs: number;
  /** Stops the trial at once (Ctrl-C, the memory watchdog): requests in flight are cancelled. */
  readonly signal: AbortSignal;
}

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** Failures before a trial gives up when nothing has completed: the inputs or the function are wrong. */
const GIVE_UP_AFTER = 3;

interface Tally {
  windowStart: number;
  windowEnd: number | null;
  completed: number;
  failed: number;
  error: string | undefined;
  readonly latencies: number[];
}

export async function runLoad(options: LoadOptions): Promise<LoadMeasurement> {
  const issuing = new AbortController();
  const cancel = new AbortController();
  // Every request in flight listens on it: hundreds at once are expected, not a leak.
  setMaxListeners(0, cancel.signal);
  const onAbort = (): void => {
    issuing.abort();
    cancel.abort();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) onAbort();
  const tally: Tally = {
    windowStart: performance.now() + options.warmupMs,
    windowEnd: null,
    completed: 0,
    failed: 0,
    error: undefined,
    latencies: [],
  };
  const client = async (k: number): Promise<void> => {
    for (let i = k; !issuing.signal.aborted; i += options.clients) {
      const inputs = options.rows[i % options.rows.length] ?? [];
      const start = performance.now();
      try {
        await options.engine.run({ eventIndex: options.eventIndex, inputs, signal: cancel.signal, sessionId: `tune-${k}` });
      } catch (error) {
        if (cancel.signal.aborted) return;
        tally.failed++;
        tally.error ??= error instanceof Error ? error.message : String(error);
        if (tally.completed === 0 && tally.failed >= GIVE_UP_AFTER) issuing.abort();
        continue;
      }
      record(tally, start, performance.now());
    }
  };
  const clients = Array.from({ length: options.clients }, (_, k) => client(k));
  try {
    await untilDone(options, tally, issuing.signal);
    issuing.abort();
    tally.windowEnd ??= performance.now();
    // Requests in flight finish (their slots free for the next trial), within a generous bound.
    const drainMs = Math.max(
      2_000,
      4 *
        percentile(
          [...tally.latencies].sort((a, b) => a - b),
          99,
        ),
    );
    const drained = new AbortController();
    await Promise.race([Promise.all(clients), sleep(drainMs, undefined, { signal: drained.signal }).catch(() => undefined)]);
    // The timer must not keep the process alive after the last trial.
    drained.abort();
  } finally {
    cancel.abort();
    await Promise.all(clients);
    options.signal.removeEventListener('abort', onAbort);
  }
  return summarize(tally);
}

function record(tally: Tally, start: number, end: number): void {
  if (tally.windowEnd !== null || end < tally.windowStart) return;
  tally.completed++;
  if (start >= tally.windowStart) tally.latencies.push(end - start);
}

async function untilDone(options: LoadOptions, tally: Tally, issuing: AbortSignal): Promise<void> {
  while (!issuing.aborted) {
    const elapsed = performance.now() - tally.windowStart;
    if (elapsed >= options.maxMs || (elapsed >= options.durationMs && tally.latencies.length >= options.minCompleted)) return;
    await sleep(Math.min(50, Math.max(1, options.durationMs / 20)));
  }
}

function summarize(tally: Tally): LoadMeasurement {
  const end = tally.windowEnd ?? performance.now();
  const seconds = Math.max(1e-3, (end - tally.windowStart) / 1000);
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  // Completions but no request both started and ended in the window: each took longer than it.
  if (sorted.length === 0 && tally.completed > 0) sorted.push(Number.POSITIVE_INFINITY);
  return {
    throughput: tally.completed / seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    completed: tally.completed,
    failed: tally.failed,
    ...(tally.error !== undefined ? { error: tally.error } : {}),
  };
}
