import type { QueuePosition } from '../engine/types.js';
import { EtaWalk, timeUntilFree } from './eta.js';
import type { Group, Job } from './line-types.js';
import type { RunStats } from './run-stats.js';
import type { EstimateCaller, Estimation } from './scheduler-types.js';

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
  const walk = etaWalk(stats, now, group, limit);
  return line.map((item) => walk.next(stats.meanMs(item.event), item.batch?.maxSize ?? 1));
}

/**
 * A walk of the group's line (eta.ts's EtaWalk) from what it runs now. The running runs are looked
 * at only when they fill the group (otherwise a slot is free and the wait for one is 0).
 */
export function etaWalk(stats: RunStats, now: number, group: Group | undefined, limit: number | null): EtaWalk {
  if (!group || limit === null || group.running.size < limit) return new EtaWalk(0, limit);
  const running = [...group.running].map((run) => ({ startedAt: run.startedAt, meanMs: stats.meanMs(run.statsKey) }));
  return new EtaWalk(timeUntilFree({ now, limit, running, waitingMeans: [] }), limit);
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

/** Every waiting job's place by job id (the first `max`), from one walk of the line. */
export function positionsById(stats: RunStats, now: number, group: Group, max?: number): Map<string, QueuePosition> {
  const positions = new Map<string, QueuePosition>();
  for (const [job, position] of linePositions(stats, now, group, max)) positions.set(job.data.id, position);
  return positions;
}

/** One waiting job's place: a walk of the line up to it, O(rank). */
export function jobPosition(stats: RunStats, now: number, job: Job): QueuePosition | null {
  const ahead: Job[] = [];
  job.group.waiting.inOrder((other) => {
    ahead.push(other);
    return other !== job;
  });
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

/**
 * Before you submit: the place a job of `event` from `caller` would get in `group` (none yet: an
 * empty line of `limit`), its ETA, and whether a slot is free (`slotsLeft`: the global cap is not
 * reached). See Scheduler.estimate.
 */
export function estimation(
  stats: RunStats,
  now: number,
  group: Group | undefined,
  limit: number | null,
  event: string,
  caller: EstimateCaller,
  slotsLeft: boolean,
): Estimation {
  const rank = group ? group.waiting.rankFor(caller.priority ?? 'normal', caller.lane) : 0;
  const ahead = group ? group.waiting.order(rank).map((job) => job.data) : [];
  const etas = lineEtas(stats, now, group, group ? group.limit : limit, [...ahead, { event, batch: null }]);
  const slotFree = !(group?.saturated ?? false) && slotsLeft;
  return { rank, queueSize: (group?.waiting.length ?? 0) + 1, etaMs: etas.at(-1) ?? null, slotFree };
}
