import { raceAbort } from '../common/abort.js';
import { AppError, CancelledError, toAppError } from '../../preload/shared/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { Disposable } from '../common/disposable.js';
import { MemoryGuard } from './memory-guard.js';
import { CrashHistory, DEFAULT_RESTART_POLICY, type RestartDecision } from './restart-policy.js';
import type { DownloadProgress, InferOptions, LoadedModelInfo, LoadOptions, Runtime, RuntimeCapabilities } from './runtime.js';
import { CallRouter } from './worker-calls.js';
import {
  cancelKillError,
  clockTime,
  crashError,
  duration,
  disposedError,
  pausedError,
  unloadedError,
  unsendableInputError,
  type StopCause,
  type WorkerKind,
} from './worker-errors.js';
import type { WorkerHostOptions } from './worker-host-options.js';
import { DEFAULT_OUTPUT_LIMITS, LineThrottle } from './worker-output.js';
import { functionNames, JobTable, type Job } from './worker-jobs.js';
import { LoadAttempt } from './worker-load.js';
import { JobStops } from './worker-stops.js';
import { childProcessTransport } from './worker-process.js';
import type { ChildMessage } from './worker-protocol.js';
import { INITIAL_WORKER_STATE, isServing, transition, type WorkerEvent, type WorkerState } from './worker-state.js';
import { describeExit, type WorkerConnection, type WorkerTransport } from './worker-transport.js';

export type { WorkerHostOptions } from './worker-host-options.js';

/**
 * A Runtime whose model lives in a worker, reached through a WorkerTransport (by default a child
 * process, worker-process.ts). The parent sees load / infer / unload; the worker (worker-main.ts)
 * runs the real runtime. Isolation is the point: a model that crashes, leaks or spins in native
 * code takes down only its own worker, which is restarted, and only the jobs that were on it fail.
 */

export class WorkerHost implements Runtime, Disposable {
  readonly label: string;
  private current: WorkerState = INITIAL_WORKER_STATE;
  private child: WorkerConnection | undefined;
  /** Workers given up on but maybe not yet exited; unload waits for them so nothing leaks. */
  private readonly retiring = new Set<WorkerConnection>();
  /** Why we killed a worker, for the crash message its exit produces. */
  private readonly exitNotes = new WeakMap<WorkerConnection, string>();
  private readonly memory: MemoryGuard;
  private readonly output: LineThrottle<{ line: string; pid: number; stream: 'stdout' | 'stderr' }>;
  /** The current start ends a crash-loop pause (logged when it is serving again). */
  private resuming = false;
  /** load() calls waiting on the current start; a failed load nobody awaits is logged instead. */
  private loadWaiters = 0;
  private pendingLoad: LoadAttempt | undefined;
  private info: LoadedModelInfo | undefined;
  private caps: RuntimeCapabilities;
  private readonly jobs = new JobTable();
  private readonly stops: JobStops;
  private restartTimer: NodeJS.Timeout | undefined;
  private everLoaded = false;
  private disposed = false;
  private readonly crashes: CrashHistory;
  private readonly calls: CallRouter;
  private readonly logger: Logger;
  private readonly graceMs: number;
  private readonly kind: WorkerKind;
  private readonly transport: WorkerTransport;

  constructor(private readonly options: WorkerHostOptions) {
    const { spec } = options;
    this.label = spec.kind === 'model' ? `model "${spec.model.name}"` : `JS module "${spec.name}"`;
    this.logger = (options.logger ?? silentLogger).child(spec.kind === 'model' ? spec.model.name : spec.name);
    this.graceMs = options.cancelGraceMs ?? 2_000;
    this.stops = new JobStops(this.jobs, this.graceMs, this.logger, (child, job, cause) => void this.killForCancel(child, job, cause));
    this.crashes = new CrashHistory({ ...DEFAULT_RESTART_POLICY, ...options.restartPolicy });
    this.calls = new CallRouter(options.handleCall, this.logger);
    this.kind = spec.kind;
    this.transport = options.transport ?? childProcessTransport;
    this.memory = new MemoryGuard({
      label: this.label,
      ...(options.memoryLimitMb !== undefined ? { heapLimitMb: options.memoryLimitMb } : {}),
      ...(options.watchMemoryMb !== undefined ? { limitMb: options.watchMemoryMb } : {}),
      ...(options.memoryWatchIntervalMs !== undefined ? { intervalMs: options.memoryWatchIntervalMs } : {}),
    });
    const perSecond = options.output?.linesPerSecond ?? DEFAULT_OUTPUT_LIMITS.linesPerSecond;
    this.output = new LineThrottle(
      perSecond,
      ({ line, pid, stream }) => this.logger.info(line, { pid, stream }),
      (count) => this.logger.warn(`dropped ${count} lines of worker output (more than ${perSecond} lines per second)`),
    );
    // Until the child reports its real capabilities, describe what the kind always offers.
    const batching = spec.kind === 'model' && spec.model.definition.runtime === 'onnx';
    this.caps = { streaming: spec.kind === 'js', batching, devices: ['cpu'] };
  }

  get state(): WorkerState {
    return this.current;
  }

  /** The live child's pid, if any (tests and diagnostics). */
  get pid(): number | undefined {
    return this.child?.alive ? this.child.pid : undefined;
  }

  /** Jobs queued or running here; what the pool balances on. */
  get activeJobs(): number {
    return this.jobs.size;
  }

  capabilities(): RuntimeCapabilities {
    return this.caps;
  }

  async load(options: LoadOptions): Promise<LoadedModelInfo> {
    if (this.disposed) throw disposedError(this.label);
    if (this.info && isServing(this.current)) return this.info;
    if (this.current.kind === 'paused') {
      // An explicit load is a fresh start: no pause, no crash history.
      this.crashes.reset();
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
    }
    const loading = this.start(false, options.onDownload);
    const onAbort = (): void => {
      // Stop a download nobody waits for any more; jobs queued behind it keep it alive.
      if (this.pendingLoad?.promise === loading && this.jobs.size === 0) void this.unload();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    this.loadWaiters++;
    try {
      return await raceAbort(loading, options.signal);
    } finally {
      this.loadWaiters--;
      options.signal.removeEventListener('abort', onAbort);
    }
  }

  /** What the last successful load reported, while the model is loaded. */
  get loadedInfo(): LoadedModelInfo | undefined {
    return this.info;
  }

  infer(input: unknown, options: InferOptions): Promise<unknown> {
    if (this.disposed) return Promise.reject(disposedError(this.label));
    if (options.signal.aborted) return Promise.reject(new CancelledError());
    const state = this.current;
    if (state.kind === 'paused') return Promise.reject(pausedError(this.label, this.kind, state, this.crashes.policy, Date.now()));
    const { promise } = this.jobs.create(input, options, (job) => this.stops.cancel(job));
    if (isServing(this.current)) {
      this.flush();
      return promise;
    }
    // Anything but a serving worker means this call waits for a process to start and load.
    options.onColdStart?.();
    // Lazy load. In crashed/restarting states a restart is already on its way.
    if (this.current.kind === 'idle') void this.start(false, undefined);
    return promise;
  }

  async unload(): Promise<void> {
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.resuming = false;
    const child = this.child;
    if (child) this.retire(child);
    const error = unloadedError(this.label);
    this.settleLoad({ error });
    for (const job of this.jobs.all()) this.jobs.settle(job, { error });
    this.info = undefined;
    // From here a new call may start a fresh process; the old ones are finished off below.
    this.update({ type: 'unloaded' });
    if (child) await child.shutdown(this.options.shutdownTimeoutMs ?? 1_000);
    await Promise.all([...this.retiring].filter((retired) => retired !== this.child).map((retired) => retired.kill()));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.unload();
    this.output.report();
    this.update({ type: 'disposed' });
  }

  /** Starts (or joins) a spawn + load. Errors also reach queued jobs, so callers may ignore them. */
  private start(restart: boolean, onDownload: ((progress: DownloadProgress) => void) | undefined): Promise<LoadedModelInfo> {
    if (this.pendingLoad) {
      if (onDownload) this.pendingLoad.listen(onDownload);
      return this.pendingLoad.promise;
    }
    const child = this.transport.open({
      label: this.label,
      ...(this.options.memoryLimitMb !== undefined ? { memoryLimitMb: this.options.memoryLimitMb } : {}),
      ...(this.options.output?.maxLineChars !== undefined ? { maxLineChars: this.options.output.maxLineChars } : {}),
      onOutput: (line, stream) => this.output.push({ line, pid: child.pid, stream }),
      onProtocolError: (description) => this.logger.warn(`invalid message from worker: ${description}`),
    });
    this.child = child;
    this.memory.watch(child, () => functionNames(this.jobs.sentTo(child)));
    this.update({ type: 'spawned', pid: child.pid, restart });
    child.onMessage((message) => this.onMessage(child, message));
    void child.exited.then((exit) => this.onExit(child, describeExit(exit)));
    const startMs = this.options.startTimeoutMs ?? 30_000;
    this.pendingLoad = new LoadAttempt([onDownload, this.options.onDownload], startMs, () => {
      this.exitNotes.set(child, `it did not start within ${startMs / 1000} s`);
      void child.kill();
    });
    return this.pendingLoad.promise;
  }

  private onMessage(child: WorkerConnection, message: ChildMessage): void {
    if (child !== this.child) return; // a retired process: its jobs were already settled
    switch (message.type) {
      case 'hello':
        this.pendingLoad?.started();
        child.send({ type: 'load', spec: this.options.spec });
        return;
      case 'download':
        this.pendingLoad?.download(message.progress);
        return;
      case 'loaded':
        this.info = message.info;
        this.caps = message.capabilities;
        this.everLoaded = true;
        if (message.info.fallbackReason) this.logger.warn(`running on ${message.info.device}: ${message.info.fallbackReason}`);
        if (this.resuming) this.logger.warn(`The worker for ${this.label} is running again after its pause.`, { pid: child.pid });
        this.resuming = false;
        this.update({ type: 'loaded' });
        this.settleLoad({ info: message.info });
        this.flush();
        return;
      case 'load-error': {
        const error = AppError.fromPayload(message.error);
        // A lazy load's failure reaches only the callers' clients; the terminal should see it too.
        if (this.loadWaiters === 0) this.logger.warn(error.message);
        this.retire(child);
        void child.shutdown(this.options.shutdownTimeoutMs ?? 1_000);
        this.update({ type: 'load-failed' });
        this.settleLoad({ error });
        for (const job of this.jobs.queued()) this.jobs.settle(job, { error });
        return;
      }
      case 'progress':
        this.jobs.live(message.jobId)?.options.onProgress?.(message.update);
        return;
      case 'partial':
        this.jobs.live(message.jobId)?.options.onPartial?.(message.value);
        return;
      case 'log':
        if (message.jobId === null) this.logger.info(message.message, { level: message.level });
        else this.jobs.live(message.jobId)?.options.onLog?.(message.message, message.level);
        return;
      case 'result':
      case 'error': {
        const job = this.jobs.get(message.jobId);
        if (!job) return;
        this.finish(job, message.type === 'result' ? { value: message.value } : { error: AppError.fromPayload(message.error) });
        return;
      }
      case 'call':
        this.calls.handle(child, message);
        return;
      case 'call-cancel':
        this.calls.cancel(child, message.callId);
        return;
      case 'unloaded':
        return;
    }
  }

  /** The process died on its own (or past a limit): fail its jobs, then restart with backoff, or pause. */
  private onExit(child: WorkerConnection, exit: string): void {
    if (child !== this.child) return; // killed on purpose; whoever killed it settled its jobs
    const sent = this.jobs.sentTo(child);
    const memory = this.memory.verdict(child, functionNames(sent));
    const note = this.exitNotes.get(child) ?? memory.note;
    const reason = `${exit}${note ? `; ${note}` : ''}`;
    const limitError = memory.error;
    this.retire(child);
    this.update({ type: 'exited', reason });
    const now = Date.now();
    const decision = this.everLoaded && !this.disposed ? this.crashes.record(now) : undefined;
    const error = crashError(this.label, this.kind, reason, decision, this.crashes.policy, now);
    const hint = child.crashHint();
    this.logger.warn(`${limitError ? `${limitError.message} ` : ''}${error.message}${hint ? ` Last output: ${hint}` : ''}`, {
      pid: child.pid,
    });
    for (const job of sent) this.jobs.settle(job, { error: limitError ?? error });
    this.settleLoad({ error });
    if (!decision) {
      this.update({ type: 'load-failed' });
      for (const job of this.jobs.all()) this.jobs.settle(job, { error });
    } else if (decision.paused) this.pause(decision, reason, now);
    else this.restartAfter(decision.delayMs);
  }

  /** Too many crashes: calls fail at once until `retryAt`, then the worker starts by itself. */
  private pause(decision: RestartDecision, reason: string, now: number): void {
    const retryAt = now + decision.delayMs;
    this.update({ type: 'paused', crashes: decision.crashes, retryAt });
    const pause = { crashes: decision.crashes, reason, retryAt };
    for (const job of this.jobs.all())
      this.jobs.settle(job, { error: pausedError(this.label, this.kind, pause, this.crashes.policy, now) });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.disposed || this.child || this.current.kind !== 'paused') return;
      // warn, like the pause itself: the terminal (which shows warnings) tells the whole story.
      this.logger.warn(
        `The worker for ${this.label} starts again now (${clockTime(Date.now())}) after its pause ` +
          `(${decision.crashes} crashes within ${duration(this.crashes.policy.windowMs)}).`,
      );
      this.resuming = true;
      void this.start(true, undefined);
    }, decision.delayMs);
  }

  /** A job asked to stop ignored its AbortSignal (a busy loop, a long native call): free the CPU. */
  private async killForCancel(child: WorkerConnection, job: Job, cause: StopCause): Promise<void> {
    if (!this.jobs.has(job) || child !== this.child) return;
    this.logger.warn(`job ${job.id} did not stop within ${this.graceMs} ms of being ${cause}; killing the worker`, {
      pid: child.pid,
    });
    this.retire(child);
    this.update({ type: 'exited', reason: `killed after a job ${cause === 'cancelled' ? 'cancelled' : 'that timed out'} did not stop` });
    await child.kill();
    const error = cancelKillError(this.label, this.graceMs, cause);
    for (const victim of this.jobs.sentTo(child)) this.jobs.settle(victim, { error });
    // Not a crash of the model: restart at once and do not count it towards a pause.
    if (!this.disposed) this.restartAfter(0);
  }

  private restartAfter(delayMs: number): void {
    this.update({ type: 'restart-scheduled', delayMs });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.disposed || this.child || this.current.kind !== 'restarting') return;
      void this.start(true, undefined);
    }, delayMs);
  }

  /** Ends the current load attempt, if any, synchronously (so a call right after starts afresh). */
  private settleLoad(outcome: { info: LoadedModelInfo } | { error: AppError }): void {
    const pending = this.pendingLoad;
    this.pendingLoad = undefined;
    pending?.settle(outcome);
  }

  /** Sends queued jobs to the serving process. */
  private flush(): void {
    const child = this.child;
    if (!child || !isServing(this.current)) return;
    for (const job of this.jobs.queued()) {
      try {
        if (!child.send({ type: 'infer', jobId: job.id, input: job.input, params: { ...job.options.params } })) return;
      } catch (error) {
        this.jobs.settle(job, { error: unsendableInputError(this.label, toAppError(error).message) });
        continue;
      }
      job.child = child;
      this.stops.armTimeLimit(job);
      this.update({ type: 'job-started' });
    }
  }

  /** Settles a job that ran on the serving process, keeping the busy count in step. */
  private finish(job: Job, outcome: { value: unknown } | { error: AppError }): void {
    const counted = job.child !== undefined && job.child === this.child;
    this.jobs.settle(job, outcome);
    if (counted) this.update({ type: 'job-finished' });
  }

  /** Forgets the process: its late messages and its exit are ignored from now on. */
  private retire(child: WorkerConnection): void {
    if (this.child === child) {
      this.child = undefined;
      this.memory.stop();
    }
    this.calls.abortAll(child);
    if (child.alive) {
      this.retiring.add(child);
      void child.exited.then(() => this.retiring.delete(child));
    }
  }

  private update(event: WorkerEvent): void {
    const next = transition(this.current, event);
    if (next === this.current) return;
    this.current = next;
    this.logger.debug(`worker ${next.kind}`);
    this.options.onStateChange?.(next);
  }
}
