import { randomUUID } from 'node:crypto';
import type { App, AppEvent } from '../../../preload/shared/project/normalize.js';
import type { JobSubmission, JsonValue } from '../../queue/queue-types.js';
import { HttpError } from '../http-error.js';
import type { FileStore } from '../gradio/file-store.js';
import type { FrontFiles } from './front-files.js';
import type { CallerInfo } from '../gradio/gradio-queue.js';
import { ANONYMOUS_LANE, visitorLane } from '../gradio/requests.js';
import { toEngineInputs } from '../gradio/values-in.js';

/**
 * A Gradio call as a queue job (docs/scale-out.md, "The job a front submits"): what a worker on
 * another machine needs to run it, and nothing that only means something in this process.
 * - `event`: the event's api name (the worker finds the event, and its function, in its own copy
 *   of the project); `groupId` / `limit` / `batch`: the event's concurrency group, limit and batch
 *   key, as the in-process engine derives them;
 * - `inputs`: the engine's input values (what `Engine.run` takes), JSON, files as BlobRefs;
 * - `session`: the server's session (sessionKey) whose `/queue/data` reports it, '' for `/call`
 *   and `/run` without a session_hash; `lane`: the fairness unit (the visitor's lane for a
 *   share-link visitor, the anonymous lane without a session).
 */

/**
 * State lives per server (the session's values in this process's memory): a worker on another
 * machine would get values this front does not have. Refused at admission, with the reason,
 * rather than run wrong. Files cross through the blob store (front-files.ts).
 */
export function checkShareable(app: App, event: AppEvent): void {
  const keys = [...new Set([...event.inputs, ...event.outputs])].filter((key) => app.components.get(key)?.type === 'state');
  if (keys.length === 0) return;
  throw new HttpError(
    400,
    `/${event.apiName} uses ${keys.join(', ')} (State), which a server started with --queue cannot pass to ` +
      'its workers yet (session State is not shared through the queue). Serve this project without --queue.',
  );
}

export interface SubmissionRequest extends Pick<CallerInfo, 'visitor' | 'priority'> {
  readonly event: AppEvent;
  readonly data: readonly unknown[];
  /** The server's session (sessionKey(hash, visitor)), or null for a call without one. */
  readonly session: string | null;
  readonly eventData?: JsonValue | undefined;
}

export async function toSubmission(app: App, files: FileStore, blobs: FrontFiles, request: SubmissionRequest): Promise<JobSubmission> {
  const { event } = request;
  checkShareable(app, event);
  const inputs = await toEngineInputs(app, event, request.data, {
    files,
    state: new Map(),
    blobFile: (data, what) => blobs.input(data, what),
  });
  const lane = request.visitor !== null ? visitorLane(request.visitor) : (request.session ?? ANONYMOUS_LANE);
  return {
    // Gradio's event id form (uuid4().hex).
    id: randomUUID().replaceAll('-', ''),
    event: event.apiName,
    inputs: inputs as JsonValue[],
    session: request.session ?? '',
    lane,
    priority: request.priority,
    groupId: event.concurrencyId,
    limit: event.concurrencyLimit,
    batch: event.batch ? { key: `event:${event.index}`, maxSize: event.maxBatchSize } : null,
    ...(request.eventData !== undefined ? { eventData: request.eventData } : {}),
  };
}
