import { AppError, CancelledError } from '../../preload/shared/errors.js';
import type { QueuePosition } from '../../main/engine/types.js';
import { Scheduler, type Estimation, type EstimateCaller, type RunContext, type SchedulerOptions } from '../../main/scheduler/scheduler.js';

/**
 * The scheduler tests' jobs: a closure to run (alone or as a batch) and callbacks, put on the
 * Scheduler's data-and-events API the way the engine does it (main/engine/project-engine.ts): the
 * job is data, its run function is looked up by job id, its events come back keyed by job id. So
 * every test here drives the real line through the API the engine uses.
 */

export interface BatchSpec<T> {
  readonly key: string;
  readonly maxSize: number;
  readonly input: unknown;
  readonly runBatch: (inputs: readonly unknown[], signal: AbortSignal, context: RunContext) => Promise<readonly T[]>;
}

export interface JobSpec<T> {
  readonly groupId: string;
  readonly limit: number | null;
  readonly statsKey: string;
  readonly signal: AbortSignal;
  readonly run: (signal: AbortSignal, context: RunContext) => Promise<T>;
  readonly batch?: BatchSpec<T>;
  readonly sessionId?: string;
  readonly priority?: 'high' | 'normal';
  readonly onQueue?: (position: QueuePosition) => void;
  readonly onStart?: (info: { readonly etaMs: number | null }) => void;
}

interface Entry {
  readonly spec: JobSpec<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: AppError) => void;
}

export class SpecScheduler {
  readonly line: Scheduler;
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  constructor(options: Omit<SchedulerOptions, 'run' | 'sink'>) {
    this.line = new Scheduler({
      ...options,
      run: (run) => {
        const head = this.entries.get(run.jobs[0]?.id ?? '')?.spec;
        if (!head) return Promise.reject(new Error('a run of unknown jobs'));
        if (head.batch)
          return head.batch.runBatch(
            run.jobs.map((job) => job.inputs[0]),
            run.signal,
            run.context,
          );
        return head.run(run.signal, run.context).then((value) => [value]);
      },
      sink: {
        position: (jobId, position) => this.entries.get(jobId)?.spec.onQueue?.(position),
        event: (jobId, event) => {
          const entry = this.entries.get(jobId);
          if (!entry) return;
          if (event.type === 'started') entry.spec.onStart?.({ etaMs: event.etaMs });
          if (event.type === 'completed') entry.resolve(event.output);
          if (event.type === 'failed') entry.reject(event.error instanceof AppError ? event.error : AppError.fromPayload(event.error));
          if (event.type === 'cancelled') entry.reject(new CancelledError());
          if (event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled') this.entries.delete(jobId);
        },
      },
    });
  }

  submit<T>(spec: JobSpec<T>): { readonly id: string; readonly result: Promise<T> } {
    if (spec.signal.aborted) throw new CancelledError();
    const id = `job${++this.seq}`;
    let entry!: Entry;
    const result = new Promise<T>((resolve, reject) => {
      entry = { spec, resolve: resolve as (value: unknown) => void, reject };
    });
    this.entries.set(id, entry);
    try {
      this.line.submit({
        id,
        event: spec.statsKey,
        inputs: [spec.batch?.input],
        session: spec.sessionId ?? '',
        lane: spec.sessionId ?? '',
        priority: spec.priority ?? 'normal',
        groupId: spec.groupId,
        limit: spec.limit,
        batch: spec.batch ? { key: spec.batch.key, maxSize: spec.batch.maxSize } : null,
      });
    } catch (error) {
      this.entries.delete(id);
      throw error;
    }
    spec.signal.addEventListener('abort', () => this.line.cancel(id), { once: true });
    return { id, result };
  }

  get running(): number {
    return this.line.running;
  }

  get waiting(): number {
    return this.line.waiting;
  }

  get stats(): Scheduler['stats'] {
    return this.line.stats;
  }

  get events(): Scheduler['events'] {
    return this.line.events;
  }

  estimate(groupId: string, limit: number | null, event: string, caller?: EstimateCaller): Estimation {
    return this.line.estimate(groupId, limit, event, caller);
  }

  wake(): void {
    this.line.wake();
  }

  close(): void {
    this.line.close();
  }
}
