import type { Group, Job, Run } from './line-types.js';
import type { LineRun } from './scheduler-types.js';

/**
 * A new run of `members` (the first one's event is its statistics key), with its abort controller
 * and the LineRun handed to whoever runs it. It is not running yet: the Scheduler counts it.
 */
export function openRun(id: string, group: Group, members: Job[], startedAt: number): Run {
  const controller = new AbortController();
  const context = {
    coldStart: (): void => {
      run.cold = true;
    },
  };
  const handed: LineRun = { runId: id, groupId: group.id, jobs: members.map((job) => job.data), signal: controller.signal, context };
  const run: Run = { id, group, members, controller, startedAt, statsKey: (members[0] as Job).data.event, cold: false, handed };
  return run;
}
