import type { QueuePosition } from '../engine/types.js';
import { rankEtas } from './eta.js';
import type { Group, Job } from './line-types.js';
import type { RunStats } from './run-stats.js';

/** What decides a waiting job's ETA: its event (the statistics key) and its batch size. */
export interface EtaItem {
  readonly event: string;
  readonly batch: { readonly maxSize: number } | null;
}

/** ETAs for a waiting line (in order), given what the group is running now (Gradio's formula, eta.ts). */
export function lineEtas(
  stats: RunStats,
  now: number,
  group: Group | undefined,
  limit: number | null,
  line: readonly EtaItem[],
): (number | null)[] {
  return rankEtas({
    now,
    limit,
    running: group ? [...group.running].map((run) => ({ startedAt: run.startedAt, meanMs: stats.meanMs(run.statsKey) })) : [],
    waitingMeans: line.map((item) => stats.meanMs(item.event)),
    batchSizes: line.map((item) => item.batch?.maxSize ?? 1),
  });
}

/** Every waiting job of the group with its place, in order (the first `max`). */
export function linePositions(stats: RunStats, now: number, group: Group, max = Number.POSITIVE_INFINITY): [Job, QueuePosition][] {
  const line = group.waiting.order(max);
  const etas = lineEtas(
    stats,
    now,
    group,
    group.limit,
    line.map((job) => job.data),
  );
  const queueSize = group.waiting.length;
  return line.map((job, rank) => [job, { rank, queueSize, etaMs: etas[rank] ?? null }]);
}

/** One waiting job's place: a walk of the line up to it, O(rank). */
export function jobPosition(stats: RunStats, now: number, job: Job): QueuePosition | null {
  const ahead: Job[] = [];
  for (const other of job.group.waiting.inOrder()) {
    ahead.push(other);
    if (other === job) break;
  }
  if (ahead.at(-1) !== job) return null;
  const etas = lineEtas(
    stats,
    now,
    job.group,
    job.group.limit,
    ahead.map((other) => other.data),
  );
  return { rank: ahead.length - 1, queueSize: job.group.waiting.length, etaMs: etas.at(-1) ?? null };
}
