import { linePositions } from './line-estimates.js';
import type { Group } from './line-types.js';
import type { RunStats } from './run-stats.js';
import type { JobEventSink } from './scheduler-types.js';

/**
 * Sends the group's waiting jobs their estimation: all of them when the line moved, else only
 * those that never had one; never one a job already has. Returns the line's length (the
 * Announcer's measure of what the broadcast cost).
 */
export function announceLine(sink: JobEventSink, stats: RunStats, now: number, group: Group, moved: boolean): number {
  const line = linePositions(stats, now, group);
  if (moved) sink.moved?.(group.id);
  for (const [job, position] of line) {
    const last = job.announced;
    if (last && (!moved || (last.rank === position.rank && last.queueSize === position.queueSize && last.etaMs === position.etaMs))) {
      continue;
    }
    job.announced = position;
    sink.position(job.data.id, position);
  }
  return line.length;
}
