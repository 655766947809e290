import { rankEtas } from '../scheduler/eta.js';

/**
 * What an event's queue settings cost its users, in plain sentences for the editor's inspector:
 * "at most 1 at a time: a burst of 20 users waits ~14 s; batching up to 8 would cut that to ~2.1 s
 * if a batch of 8 runs about as fast as one call". The wait is the scheduler's own ETA model
 * (eta.ts: rank r waits r runs / limit, a batch of n counts as one run) applied to `burst` jobs
 * arriving at once on an idle queue, with the measured median run time. Pure: no I/O, no clock.
 */

export interface CostInput {
  /** Median run time of the event's warm runs in ms (a batched event: of one batch), or null before any. */
  readonly runMs: number | null;
  /** Concurrency limit of the event's group; null: no limit. */
  readonly limit: number | null;
  readonly batch: boolean;
  readonly maxBatchSize: number;
  /** project.json queue.maxSize: jobs that may wait before new ones are refused; null: no limit. */
  readonly maxSize: number | null;
  /** Users who arrive at once. */
  readonly burst: number;
  /** Whether the function runs a batch as one call (JS functions, ONNX models), so batching can pay. */
  readonly batchable: boolean;
}

/** The batch size batching is suggested with. */
export const SUGGESTED_BATCH = 8;

/** "~14 s", "~2.1 s", "~0.4 s", "~3 min". */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 1) return `~${Math.max(0.1, Math.round(seconds * 10) / 10)} s`;
  if (seconds < 10) return `~${Math.round(seconds * 10) / 10} s`;
  if (seconds < 90) return `~${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `~${Math.round(seconds / 60)} min`;
  return `~${Math.round(seconds / 3600)} h`;
}

/** When the last of `burst` jobs arriving at once on an idle queue gets its result (the ETA model). */
export function burstWaitMs(runMs: number, limit: number | null, burst: number, batchSize: number): number {
  const etas = rankEtas({
    now: 0,
    limit,
    running: [],
    waitingMeans: Array.from({ length: burst }, () => runMs),
    ...(batchSize > 1 ? { batchSizes: Array.from({ length: burst }, () => batchSize) } : {}),
  });
  return etas.at(-1) ?? runMs;
}

function limitText(input: CostInput): string {
  const at = input.limit === null ? 'no concurrency limit' : `at most ${input.limit} at a time`;
  return input.batch ? `${at}, in batches of up to ${input.maxBatchSize}` : at;
}

/** Jobs of a burst the queue turns away ("queue full"): those beyond the running slots and maxSize waiting. */
function turnedAway(input: CostInput): number {
  if (input.maxSize === null || input.limit === null) return 0;
  const slots = input.limit * (input.batch ? input.maxBatchSize : 1);
  return Math.max(0, input.burst - slots - input.maxSize);
}

export function eventCost(input: CostInput): string[] {
  const { runMs, burst } = input;
  if (runMs === null) return [`${limitText(input)}; not measured yet: run it in the preview to see what a burst of users costs`];
  const batchSize = input.batch ? input.maxBatchSize : 1;
  const wait = burstWaitMs(runMs, input.limit, burst, batchSize);
  let first = `${limitText(input)}: a burst of ${burst} users waits ${formatDuration(wait)}`;
  if (input.limit === null && burst > 1) first += ` if this machine runs ${burst} at once as fast as one`;
  if (!input.batch && input.batchable && input.limit !== null && burst > 1) {
    const batched = burstWaitMs(runMs, input.limit, burst, SUGGESTED_BATCH);
    if (batched < wait * 0.8) {
      first += `; batching up to ${SUGGESTED_BATCH} would cut that to ${formatDuration(batched)} if a batch of ${SUGGESTED_BATCH} runs about as fast as one call`;
    }
  }
  const sentences = [first];
  const away = turnedAway(input);
  if (away > 0)
    sentences.push(`the queue holds ${input.maxSize ?? 0} waiting: ${away} of a burst of ${burst} are turned away (queue full)`);
  return sentences;
}
