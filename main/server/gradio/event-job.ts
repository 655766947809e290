import { randomUUID } from 'node:crypto';
import { AppError, isCancelled } from '../../../preload/shared/errors.js';
import type { Logger } from '../../common/logger.js';
import type { EventData } from '../../engine/event-data.js';
import { usesOutputDir } from '../../engine/output-dir-need.js';
import type { Engine, QueuePosition, RunHandle } from '../../engine/types.js';
import type { AppEvent } from '../../../preload/shared/project/normalize.js';
import type { HistoryRecorder } from '../../store/history-recorder.js';
import type { CallerKind, RunOutcome } from '../../store/history-types.js';
import { HttpError } from '../http-error.js';
import { toErrorPayload } from './error-payload.js';
import type { FileStore } from './file-store.js';
import {
  completedMessage,
  estimationMessage,
  failedMessage,
  generatingMessage,
  logMessage,
  processStartsMessage,
  progressMessage,
  type OutputPayload,
  type StreamMessage,
} from './messages.js';
import { OutputDiffer } from './output-diff.js';
import { ANONYMOUS_LANE, visitorLane } from './requests.js';
import type { Uploads } from './uploads.js';
import { toEngineInputs } from './values-in.js';
import { toGradioOutputs } from './values-out.js';

/**
 * One Gradio event run through the engine: converts the inputs, admits the job, and turns engine
 * callbacks into protocol messages for a sink (the session stream, a /call stream, or a /run
 * response). Messages reach the sink strictly in order, because partial outputs need async file
 * conversion: every message goes through one promise chain.
 */

export interface JobDeps {
  readonly engine: Engine;
  readonly files: FileStore;
  /** Pins a job's uploaded inputs while it runs and ties them to its session. */
  readonly uploads: Uploads;
  readonly showError: boolean;
  /** Absolute paths of project.json `allowedPaths` (see OutputContext). */
  readonly allowedPaths: readonly string[];
  readonly logger: Logger;
  /** Where finished jobs are recorded (main/store/); none: nothing is remembered. */
  readonly history?: HistoryRecorder | undefined;
}

/** Where a job's messages go. `begin` runs before the engine sees the job, so no message precedes it. */
export interface JobSink {
  begin(job: EventJob): void;
  /** Admission failed: undo `begin`. */
  abandon(job: EventJob): void;
  emit(message: StreamMessage): void;
}

export interface JobRequest {
  readonly event: AppEvent;
  readonly data: readonly unknown[];
  readonly sessionId: string;
  /** Who made the request (uploadClient): their uploads become the session's once the job uses them. */
  readonly client: string;
  /**
   * The share-link visitor behind the request (requestVisitor), null for local callers: a
   * visitor's jobs share one fairness lane, and take only files that visitor uploaded.
   */
  readonly visitor?: string | null;
  /** `high` for the app's own window; see callerPriority. */
  readonly priority?: 'high' | 'normal';
  /** Caller-visible root for file URLs. */
  readonly root: string;
  /** The session's State values by component key; updated from State outputs. */
  readonly state: Map<string, unknown>;
  /** Queue streams send diffs for intermediate outputs; /call sends full values (doc §1.8). */
  readonly diffs: boolean;
  readonly sink: JobSink;
  /** What the trigger selected (the join's event_data), for the function's `ctx.event`. */
  readonly eventData?: EventData | undefined;
  /** Who made the request, for history (callerKind in context.ts); default `api`. */
  readonly caller?: CallerKind;
}

export interface EventJob {
  readonly id: string;
  readonly eventIndex: number;
  /** How many outputs the event has (a cancel answers with one "no change" per output). */
  readonly outputCount: number;
  readonly sessionId: string;
  /** Resolves when the job is over and its last message was handed to the sink. Never rejects. */
  readonly finished: Promise<void>;
  /** Aborts the job (dropped while waiting, signalled while running) and silences its messages. */
  cancel(): void;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/** Per event (a reload makes new event objects): whether its runs need a folder for output files. */
const needsRunDir = new WeakMap<AppEvent, boolean>();

function runDirNeeded(engine: Engine, event: AppEvent): boolean {
  let needed = needsRunDir.get(event);
  if (needed === undefined) needsRunDir.set(event, (needed = usesOutputDir(engine.loaded.project.functions, event.fn)));
  return needed;
}

function admissionError(error: unknown, engine: Engine): unknown {
  if (!(error instanceof AppError)) return error;
  switch (error.code) {
    case 'QUEUE_FULL': {
      const max = engine.loaded.project.queue.maxSize ?? 0;
      return new HttpError(503, `Queue is full. Max size is ${max} and size is ${engine.queueStatus().queued}.`);
    }
    case 'NOT_FOUND':
      return new HttpError(404, error.message);
    case 'INVALID_INPUT':
      return new HttpError(400, error.message);
    case 'CANCELLED':
      // The engine refuses new jobs while it shuts down.
      return new HttpError(503, error.message);
    default:
      return error;
  }
}

/** A serial emitter: each message is produced (maybe asynchronously) after the previous one was sent. */
class MessageChain {
  private tail: Promise<void> = Promise.resolve();
  silenced = false;

  constructor(
    private readonly sink: JobSink,
    private readonly logger: Logger,
  ) {}

  push(make: () => StreamMessage | null | Promise<StreamMessage | null>): void {
    this.tail = this.tail
      .then(async () => {
        const message = await make();
        if (message && !this.silenced) this.sink.emit(message);
      })
      .catch((error: unknown) => this.logger.warn('could not send a queue message', { error: String(error) }));
  }

  get done(): Promise<void> {
    return this.tail;
  }
}

/** Converts inputs and admits the job; throws HttpError (400, 404, 503) when it cannot be admitted. */
export async function startJob(deps: JobDeps, request: JobRequest): Promise<EventJob> {
  const { engine } = deps;
  const { event, sink } = request;
  const inputs = await toEngineInputs(engine.app, event, request.data, { files: deps.files, state: request.state });
  // Its uploaded files stay until it is over, whatever happens to its session meanwhile.
  const visitor = request.visitor ?? null;
  const releaseFiles = deps.uploads.use(inputs, request.sessionId === ANONYMOUS_LANE ? null : request.sessionId, request.client, visitor);
  // The job's own folder for output files (a JS function's ctx.outputDir); gone once the job is over.
  // A run of model functions only writes none, so it gets none.
  const runDir = runDirNeeded(engine, event) ? deps.files.runDirFor() : null;
  const controller = new AbortController();
  const chain = new MessageChain(sink, deps.logger);
  // Gradio's own form (uuid4().hex), and from Node's batch of random bytes: randomBytes(16) is a
  // call into OpenSSL per job (about 6x the CPU here).
  const id = randomUUID().replaceAll('-', '');
  let settle: () => void = () => undefined;
  const job: EventJob = {
    id,
    eventIndex: event.index,
    outputCount: event.outputs.length,
    sessionId: request.sessionId,
    finished: new Promise<void>((resolve) => (settle = resolve)),
    cancel: () => {
      chain.silenced = true;
      controller.abort();
    },
  };
  const run = new JobRun(deps, request, chain, id, runDir);
  // Its uploads are released once history has copied them (never on the client's path: see below).
  const done = (recorded: Promise<void>): Promise<void> => {
    void recorded.then(releaseFiles);
    if (runDir === null) return Promise.resolve();
    return deps.files
      .removeRunDir(runDir)
      .catch((error: unknown) => deps.logger.warn('could not remove a run folder', { runDir, error: String(error) }));
  };
  sink.begin(job);
  let handle: RunHandle;
  try {
    handle = engine.submit({
      eventIndex: event.index,
      inputs,
      ...(runDir === null ? {} : { outputDir: runDir }),
      signal: controller.signal,
      // The scheduler's round-robin is across sessions for local callers, across visitors for share traffic.
      sessionId: visitor === null ? request.sessionId : visitorLane(visitor),
      priority: request.priority ?? 'normal',
      ...(request.eventData ? { eventData: request.eventData } : {}),
      ...run.callbacks(),
    });
  } catch (error) {
    sink.abandon(job);
    await done(Promise.resolve());
    throw admissionError(error, engine);
  }
  run.ensureEstimation();
  // `finished` waits for the last message to be handed over (its files adopted), whichever way the
  // result went; the history record (file copies, a queued row) goes on after it, off the client's path.
  void handle.result
    .then(
      (outputs) => {
        run.over();
        chain.push(() => run.completed(outputs));
      },
      (error: unknown) => {
        run.over();
        chain.push(() => run.failed(error));
      },
    )
    .then(() => chain.done)
    .then(() => done(run.record()))
    .then(settle);
  return job;
}

/** The per-run state behind the callbacks: timing, the diff baseline, whether an estimation went out. */
class JobRun {
  private estimated = false;
  private startedAt: number | null = null;
  private readonly differ = new OutputDiffer();
  /** Wall-clock times (ms) and the outcome, for history. */
  private readonly queuedAt = Date.now();
  private startedAtMs: number | null = null;
  private finishedAtMs: number | null = null;
  private outcome: RunOutcome = 'cancelled';
  private error: string | null = null;
  private outputs: unknown[] | null = null;

  constructor(
    private readonly deps: JobDeps,
    private readonly request: JobRequest,
    private readonly chain: MessageChain,
    private readonly id: string,
    private readonly runDir: string | null,
  ) {}

  callbacks(): Pick<Parameters<Engine['submit']>[0], 'onQueue' | 'onStart' | 'onProgress' | 'onLog' | 'onPartial'> {
    const { chain, id } = this;
    return {
      onQueue: (position: QueuePosition) => this.estimate(position.rank, position.queueSize, position.etaMs),
      onStart: ({ etaMs }) => {
        // Every event sees an estimation before process_starts (doc §3), even one that never waited.
        if (!this.estimated) this.estimate(0, 0, etaMs);
        this.startedAt = performance.now();
        this.startedAtMs = Date.now();
        chain.push(() => processStartsMessage(id, seconds(etaMs)));
      },
      onProgress: (update) => chain.push(() => progressMessage(id, update)),
      onLog: (message, level) => chain.push(() => logMessage(id, message, level)),
      onPartial: (outputs) => chain.push(() => this.partial(outputs)),
    };
  }

  /** An engine that did not report a position at admission still owes the client one estimation. */
  ensureEstimation(): void {
    if (this.estimated || this.startedAt !== null) return;
    const queued = this.deps.engine.queueStatus().queued;
    this.estimate(Math.max(0, queued - 1), queued, null);
  }

  async completed(outputs: unknown[]): Promise<StreamMessage> {
    try {
      const data = await this.convert(outputs);
      this.outcome = 'completed';
      this.outputs = data;
      return completedMessage(this.id, this.payload(data, false, this.storeState(data)));
    } catch (error) {
      return this.failed(error) ?? failedMessage(this.id, { error: null });
    }
  }

  failed(error: unknown): StreamMessage | null {
    // A cancelled job says nothing: /cancel answers for it, and a disconnected client is gone.
    if (isCancelled(error)) return null;
    this.outcome = 'failed';
    this.outputs = null;
    this.error = error instanceof Error ? error.message : String(error);
    this.deps.logger.debug('event failed', { event: this.request.event.apiName, error: String(error) });
    return failedMessage(this.id, toErrorPayload(error, this.deps.showError));
  }

  /** The engine is done with it (result or error). */
  over(): void {
    this.finishedAtMs = Date.now();
  }

  /** Hands the finished job to history; resolves once its files are copied (at once without history). */
  record(): Promise<void> {
    const { history, files } = this.deps;
    if (!history) return Promise.resolve();
    const { event, sessionId } = this.request;
    return history.record({
      id: this.id,
      eventIndex: event.index,
      apiName: event.apiName,
      sessionId,
      visitorId: this.request.visitor ?? null,
      caller: this.request.caller ?? 'api',
      outcome: this.outcome,
      error: this.error,
      queuedAt: this.queuedAt,
      startedAt: this.startedAtMs,
      finishedAt: this.finishedAtMs,
      inputs: this.request.data,
      outputs: this.outputs,
      resolveFile: async (file) => {
        const found = await files.lookup(file);
        return found.kind === 'file' ? found.path : null;
      },
    });
  }

  private estimate(rank: number, queueSize: number, etaMs: number | null): void {
    this.estimated = true;
    this.chain.push(() => estimationMessage(this.id, rank, queueSize, seconds(etaMs)));
  }

  private async partial(outputs: unknown[]): Promise<StreamMessage | null> {
    const data = await this.convert(outputs);
    const sent = this.request.diffs ? this.differ.next(data) : data;
    return generatingMessage(this.id, this.payload(sent, true, []));
  }

  private convert(outputs: readonly unknown[]): Promise<unknown[]> {
    const { engine, files, allowedPaths } = this.deps;
    return toGradioOutputs(engine.app, this.request.event, outputs, { files, root: this.request.root, runDir: this.runDir, allowedPaths });
  }

  /** Stores State outputs for the session; returns the ids of the State components that changed. */
  private storeState(data: readonly unknown[]): number[] {
    const changed: number[] = [];
    this.request.event.outputs.forEach((key, i) => {
      const component = this.deps.engine.app.components.get(key);
      if (component?.type !== 'state') return;
      if (JSON.stringify(this.request.state.get(key)) !== JSON.stringify(data[i])) changed.push(component.id);
      this.request.state.set(key, data[i]);
    });
    return changed;
  }

  private payload(data: unknown[], generating: boolean, changedStateIds: number[]): OutputPayload {
    const mean = this.deps.engine.meanRunMs(this.request.event.index);
    return {
      data,
      is_generating: generating,
      duration: this.startedAt === null ? null : (performance.now() - this.startedAt) / 1000,
      average_duration: seconds(mean),
      render_config: null,
      changed_state_ids: changedStateIds,
      used_cache: null,
    };
  }
}
