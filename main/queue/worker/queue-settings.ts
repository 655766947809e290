import type { Project } from '../../../preload/shared/project/schema.js';
import type { QueueSettings } from '../queue-types.js';
import { DEFAULT_QUEUE_SETTINGS } from '../redis/redis-queue.js';

/**
 * The queue settings a project asks for (project.json `queue.leaseSeconds`, `queue.retryLostWorker`),
 * over the queue's defaults. Every front and worker of one queue reads them from the same project,
 * so they agree: the lease a claim writes is the one every other worker's claim judges it by.
 */
export function queueSettingsOf(project: Pick<Project, 'queue'>): Partial<QueueSettings> {
  const { leaseSeconds, retryLostWorker } = project.queue;
  return {
    leaseMs: leaseSeconds === undefined ? DEFAULT_QUEUE_SETTINGS.leaseMs : Math.round(leaseSeconds * 1000),
    lostWorkerRetries: retryLostWorker === false ? 0 : 1,
  };
}
