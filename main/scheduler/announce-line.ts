import type { QueuePosition } from '../engine/types.js';
import { etaWalk } from './line-estimates.js';
import type { Group, Job } from './line-types.js';
import type { RunStats } from './run-stats.js';
import type { JobEventSink } from './scheduler-types.js';

/**
 * Sends the group's waiting jobs their estimation: all of them when the line moved, else only
 * those that never had one; never one a job already has. Returns the line's length (the
 * Announcer's measure of what the broadcast cost).
 *
 * One walk of the line with the ETA formula applied job by job (EtaWalk): on a join (not moved)
 * only the jobs never told get a position object, so a join builds no arrays the size of the line
 * (issue 17, session 28). What is sent is collected first and sent after the walk: a sink may
 * change the line.
 */
export function announceLine(sink: JobEventSink, stats: RunStats, now: number, group: Group, moved: boolean): number {
  const queueSize = group.waiting.length;
  const walk = etaWalk(stats, now, group, group.limit);
  const told: [Job, QueuePosition][] = [];
  let rank = 0;
  group.waiting.inOrder((job) => {
    const { data } = job;
    const etaMs = walk.next(stats.meanMs(data.event), data.batch?.maxSize ?? 1);
    const last = job.announced;
    const same = last !== undefined && (!moved || (last.rank === rank && last.queueSize === queueSize && last.etaMs === etaMs));
    if (!same) told.push([job, { rank, queueSize, etaMs }]);
    rank++;
    return true;
  });
  if (moved) sink.moved?.(group.id);
  for (const [job, position] of told) {
    job.announced = position;
    sink.position(job.data.id, position);
  }
  return queueSize;
}
