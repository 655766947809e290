/**
 * A small worker over QueueWorker for the front tests (the real one is `demo-desktop worker`,
 * main/queue/worker/): it claims runs of every group of the project, runs each job on a real
 * engine (real JS worker processes), emits progress, logs and partial outputs, completes or fails,
 * and aborts a run whose job is cancelled from any front. Single jobs only (the test project has no
 * batched event).
 */
import { toAppError } from '../../../preload/shared/errors.js';
import type { Disposable } from '../../../main/common/disposable.js';
import type { Engine } from '../../../main/engine/types.js';
import type { ClaimedRun, JobResult, JsonValue, QueueWorker, RunEvent } from '../../../main/queue/queue-types.js';

export interface TestWorker {
  /** Job ids whose run was aborted because the job was cancelled. */
  readonly aborted: Set<string>;
  /** Resolves when job `id` was aborted. */
  abortedJob(id: string): Promise<void>;
  /** Job ids whose run started. */
  readonly started: Set<string>;
  startedJob(id: string): Promise<void>;
  stop(): Promise<void>;
}

function waiter(set: Set<string>, waiters: Map<string, () => void>) {
  return (id: string): Promise<void> => (set.has(id) ? Promise.resolve() : new Promise((resolve) => waiters.set(id, resolve)));
}

export async function startTestWorker(queue: QueueWorker, engine: Engine, workerId = 'test-worker'): Promise<TestWorker> {
  const groups = [...new Set(engine.app.events.map((event) => event.concurrencyId))];
  const aborted = new Set<string>();
  const started = new Set<string>();
  const abortWaiters = new Map<string, () => void>();
  const startWaiters = new Map<string, () => void>();
  const controllers = new Map<string, AbortController>();
  const running = new Set<Promise<void>>();
  const state = { stopped: false };
  let wake: (() => void) | undefined;

  const mark = (set: Set<string>, waiters: Map<string, () => void>, id: string): void => {
    set.add(id);
    waiters.get(id)?.();
  };

  const execute = async (run: ClaimedRun): Promise<void> => {
    const job = run.jobs[0];
    if (!job) return;
    const controller = new AbortController();
    controllers.set(job.id, controller);
    mark(started, startWaiters, job.id);
    // Events in the order the function produced them, all written before the result.
    let chain: Promise<unknown> = Promise.resolve();
    const emit = (event: RunEvent): void => void (chain = chain.then(() => queue.emit(run, job.id, event)));
    const event = engine.app.events.find((e) => e.apiName === job.event);
    let result: JobResult;
    try {
      if (!event) throw new Error(`no event ${job.event}`);
      const outputs = await engine.run({
        eventIndex: event.index,
        inputs: job.inputs,
        signal: controller.signal,
        sessionId: job.lane,
        onProgress: (update) => emit({ type: 'progress', ...update }),
        onLog: (message, level) => emit({ type: 'log', message, level }),
        onPartial: (values) => emit({ type: 'partial', outputs: values as JsonValue[] }),
      });
      result = { ok: true, output: outputs as JsonValue[] };
    } catch (error) {
      if (controller.signal.aborted) mark(aborted, abortWaiters, job.id);
      const appError = toAppError(error);
      result = { ok: false, error: { code: appError.code, message: appError.message } };
    }
    await chain;
    controllers.delete(job.id);
    await queue.complete(run, [result]);
  };

  const cancels: Disposable = await queue.onCancel(workerId, (_runId, jobId) => controllers.get(jobId)?.abort());
  const work: Disposable = await queue.onWork(() => wake?.());

  const loop = (async () => {
    while (!state.stopped) {
      const run = await queue.claim({ workerId, groups });
      if (run) {
        const task = execute(run).finally(() => running.delete(task));
        running.add(task);
        continue;
      }
      // Woken by new work, or a look every 200 ms (a missed message is only late, never lost).
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 200);
      });
    }
  })();

  return {
    aborted,
    started,
    abortedJob: waiter(aborted, abortWaiters),
    startedJob: waiter(started, startWaiters),
    stop: async () => {
      state.stopped = true;
      wake?.();
      await loop;
      for (const controller of controllers.values()) controller.abort();
      await Promise.all(running);
      await cancels.dispose();
      await work.dispose();
    },
  };
}
