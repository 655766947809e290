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

export async function runLoad(call: Call, options: LoadOptions): Promise<LoadResult> {
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
        continue;
      }
      const done = performance.now();
      if (done >= windowStart && done <= windowEnd) latencies.push(done - sent);
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, caller));
  const summary = summarize(latencies);
  return {
    ...summary,
    throughput: (summary.count / options.durationMs) * 1000,
    errors,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}
