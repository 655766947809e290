import type { BatchPolicy } from './batch-policy.js';
import type { Group, Job } from './line-types.js';
import type { Admission } from './scheduler-types.js';

/**
 * The jobs of a group's next run: its head alone, or for a batchable head up to `maxSize` waiting
 * jobs of the same batch key taken from anywhere in the line, in line order (capped by what the
 * claimer can take), as the batch policy decides; or how long to wait for the batch to fill.
 * At most one full batch is looked at, so a long line costs no more than a short one.
 */
export function planRun(
  group: Group,
  maxBatch: number,
  now: number,
  policyOf: (key: string) => BatchPolicy,
): Job[] | { readonly waitMs: number } {
  const head = group.waiting.head();
  if (!head) return [];
  const batch = head.data.batch;
  if (!batch) return [head];
  const maxSize = Math.max(1, Math.min(batch.maxSize, maxBatch));
  const compatible: Job[] = [];
  let oldest = head.data.enqueuedAt;
  group.waiting.inOrder((job) => {
    if (job.data.batch?.key !== batch.key) return true;
    compatible.push(job);
    oldest = Math.min(oldest, job.data.enqueuedAt);
    return compatible.length < maxSize;
  });
  const plan = policyOf(batch.key).plan({ waiting: compatible.length, maxSize, oldestWaitMs: now - oldest, nowMs: now });
  if ('waitMs' in plan) return plan;
  return compatible.slice(0, Math.max(1, plan.take));
}

/** The admission's answer for the group's head (SchedulerOptions.admission); never asked (always yes) when the group is idle. */
export function admits(admission: Admission | undefined, group: Group): boolean {
  const head = group.waiting.head();
  if (!admission || !head || group.running.size === 0) return true;
  return admission(group.id, head.data.event, group.running.size);
}
