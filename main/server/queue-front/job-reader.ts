import type { App, AppEvent } from '../../../preload/shared/project/normalize.js';
import type { QueueFront, JobStatus } from '../../queue/queue-types.js';
import type { StreamMessage } from '../gradio/messages.js';
import { visitorLane } from '../gradio/requests.js';
import { JobMessages, type JobMessageDeps } from './job-messages.js';

/**
 * One job's messages in order, from its first event (or after `from`) to its last, read from the
 * queue by whichever front is asked: the `/call` stream and `/run` of a stateless front. Full
 * values, no diffs (doc §1.8, the "simple format").
 */

export interface JobReaderDeps {
  readonly queue: Pick<QueueFront, 'readEvents' | 'status' | 'position'>;
  readonly app: App;
  readonly messages: JobMessageDeps;
  readonly blockMs: number;
}

/** The job behind an event id a caller names, if it is that caller's (a visitor's lane, or no visitor's) and of `apiName`. */
export async function callerJob(
  deps: Pick<JobReaderDeps, 'queue' | 'app'>,
  id: string,
  apiName: string | null,
  visitor: string | null,
): Promise<{ status: JobStatus; event: AppEvent } | null> {
  const status = await deps.queue.status(id);
  if (!status) return null;
  const { lane } = status.job;
  // Another visitor's event (its id passed on) is as unknown as one that never existed.
  if (visitor === null ? lane.startsWith(visitorLane('')) : lane !== visitorLane(visitor)) return null;
  if (apiName !== null && status.job.event !== apiName) return null;
  const event = deps.app.events.find((e) => e.apiName === status.job.event);
  return event ? { status, event } : null;
}

/**
 * Hands each message of the job to `write` until its terminal one (returned), or until `open()`
 * says the reader left (null).
 */
export async function readJob(
  deps: JobReaderDeps,
  job: { readonly id: string; readonly event: AppEvent; readonly root: string },
  write: (message: StreamMessage) => void,
  open: () => boolean,
  from = '0',
): Promise<StreamMessage | null> {
  const messages = new JobMessages(deps.messages, job.id, job.event, { diffs: false, root: job.root });
  let cursor = from;
  while (open()) {
    const events = await deps.queue.readEvents(new Map([[job.id, cursor]]), { blockMs: deps.blockMs });
    for (const stored of events) {
      cursor = stored.id;
      const message = await messages.message(stored.event);
      if (!message) continue;
      write(message);
      if (message.msg === 'process_completed') return message;
    }
  }
  return null;
}
