import { summarize, type Summary } from './stats.js';

/**
 * The closed-loop load generator every path shares: `concurrency` callers, each sending its next
 * request as soon as its previous one answers (so offered load adapts to the system, like real
 * clients waiting on a result). Warm-up runs the same callers without recording, and measurement
 * follows without a gap, so no cell measures a ramp-up.
 *
 * Throughput counts requests that *completed* inside the measurement window, whenever they started:
 * in a steady state that is the service rate, without the bias of dropping the requests in flight
 * at the window's start (up to `concurrency` of them, which at 64 callers is a lot of a short window).
 */

/** One request; `index` lets a path vary its input (rows are pre-built, not made on the clock). */
export type Call = (index: number) => Promise<void>;

export interface LoadOptions {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadResult extends Summary {
  readonly throughput: number;
  readonly errors: number;
  readonly firstError?: string;
}

/** The raw outcome of one measurement window (combine several with `toResult`). */
export interface Sample {
  readonly latencies: readonly number[];
  readonly durationMs: number;
  readonly errors: number;
  readonly firstError?: string;
}

export async function measure(call: Call, options: LoadOptions): Promise<Sample> {
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;

  const caller = async (): Promise<void> => {
    while (performance.now() < windowEnd) {
      const index = next++;
      const sent = performance.now();
      try {
        await call(index);
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        // A failing path must not turn into a hot loop that starves everything else.
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const done = performance.now();
      if (done >= windowStart && done <= windowEnd) latencies.push(done - sent);
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, caller));
  return { latencies, durationMs: options.durationMs, errors, ...(firstError !== undefined ? { firstError } : {}) };
}

/** Pools several windows of the same cell: throughput over their total time, percentiles over all samples. */
export function toResult(samples: readonly Sample[]): LoadResult {
  const summary = summarize(samples.flatMap((sample) => sample.latencies));
  const durationMs = samples.reduce((total, sample) => total + sample.durationMs, 0);
  const firstError = samples.find((sample) => sample.firstError !== undefined)?.firstError;
  return {
    ...summary,
    throughput: durationMs > 0 ? (summary.count / durationMs) * 1000 : 0,
    errors: samples.reduce((total, sample) => total + sample.errors, 0),
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

export async function runLoad(call: Call, options: LoadOptions): Promise<LoadResult> {
  return toResult([await measure(call, options)]);
}
