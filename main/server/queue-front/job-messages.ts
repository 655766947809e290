import { AppError } from '../../../preload/shared/errors.js';
import type { App, AppEvent } from '../../../preload/shared/project/normalize.js';
import type { QueueFront, QueuePosition, StoredJobEvent } from '../../queue/queue-types.js';
import { toErrorPayload } from '../gradio/error-payload.js';
import type { FileStore } from '../gradio/file-store.js';
import {
  cancelledMessage,
  completedMessage,
  estimationMessage,
  failedMessage,
  generatingMessage,
  logMessage,
  processStartsMessage,
  progressMessage,
  type OutputPayload,
  type StreamMessage,
} from '../gradio/messages.js';
import { OutputDiffer } from '../gradio/output-diff.js';
import { toGradioOutputs } from '../gradio/values-out.js';

/**
 * One job's events (main/queue/job-events.ts) as the Gradio messages of doc §1.7, for one reader:
 * a `/queue/data` stream (diffs for intermediate outputs) or a `/call` stream and `/run` (full
 * values). The reader keeps one per job while it streams it. Events are facts; what Gradio derives
 * from the moment (a waiting job's rank and ETA) is read live from the queue.
 */

export interface JobMessageDeps {
  readonly app: App;
  readonly queue: Pick<QueueFront, 'position'>;
  readonly files: FileStore;
  readonly allowedPaths: readonly string[];
  readonly showError: boolean;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/** An estimation for a job from its live position (rank 0 of an empty line when it no longer waits). */
export function estimationFor(id: string, position: QueuePosition | null): StreamMessage {
  return estimationMessage(id, position?.rank ?? 0, position?.queueSize ?? 0, seconds(position?.etaMs ?? null));
}

export class JobMessages {
  private readonly differ = new OutputDiffer();
  /** Whether the job waits in line (a `queued` or `requeued` event was the last that moved it). */
  waiting = false;

  constructor(
    private readonly deps: JobMessageDeps,
    readonly id: string,
    readonly event: AppEvent,
    private readonly options: {
      /** Queue streams send diffs for intermediate outputs; /call and /run send full values (doc §1.8). */
      readonly diffs: boolean;
      readonly root: string;
    },
  ) {}

  async message(event: StoredJobEvent['event']): Promise<StreamMessage | null> {
    switch (event.type) {
      case 'queued':
      case 'requeued':
        this.waiting = true;
        return estimationFor(this.id, await this.deps.queue.position(this.id));
      case 'started':
        this.waiting = false;
        return processStartsMessage(this.id, seconds(event.etaMs));
      case 'progress':
        return progressMessage(this.id, event);
      case 'log':
        return logMessage(this.id, event.message, event.level);
      case 'partial':
        return this.partial(event.outputs);
      case 'completed':
        return this.completed(event.output, event.runMs);
      case 'failed':
        return failedMessage(this.id, toErrorPayload(new AppError(event.error.code, event.error.message), this.deps.showError));
      case 'cancelled':
        return cancelledMessage(this.id, this.event.outputs.length);
    }
  }

  /**
   * A resumed stream: the client already holds this intermediate output (the last it was sent
   * before Last-Event-ID), so the next one is a diff against it, as if this reader had sent it.
   */
  async seed(outputs: readonly unknown[]): Promise<void> {
    if (this.options.diffs) this.differ.next(await this.convert(outputs));
  }

  private async partial(outputs: readonly unknown[]): Promise<StreamMessage> {
    const data = await this.convert(outputs);
    const sent = this.options.diffs ? this.differ.next(data) : data;
    return generatingMessage(this.id, this.payload(sent, true, null));
  }

  private async completed(output: unknown, runMs: number): Promise<StreamMessage> {
    const values = Array.isArray(output) ? output : [output];
    try {
      return completedMessage(this.id, this.payload(await this.convert(values), false, runMs));
    } catch (error) {
      return failedMessage(this.id, toErrorPayload(error, this.deps.showError));
    }
  }

  private convert(outputs: readonly unknown[]): Promise<unknown[]> {
    const { app, files, allowedPaths } = this.deps;
    return toGradioOutputs(app, this.event, outputs, { files, root: this.options.root, runDir: null, allowedPaths });
  }

  /** `runMs`: the run's time on its worker (claim to completion), once it is over. */
  private payload(data: unknown[], generating: boolean, runMs: number | null): OutputPayload {
    return {
      data,
      is_generating: generating,
      duration: seconds(runMs),
      average_duration: null,
      render_config: null,
      changed_state_ids: [],
      used_cache: null,
    };
  }
}
