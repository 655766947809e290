import { AppError, CancelledError, toAppError, type ErrorPayload } from '../../preload/shared/errors.js';
import { createLogger } from '../common/logger.js';
import { createRuntime } from './create-runtime.js';
import type { Runtime } from './runtime.js';
import type { CallBridge } from './runtime-context.js';
import { structuredCloneCodec } from './worker-codec.js';
import type { CallTarget, ChildMessage, ParentMessage, WorkerSpec } from './worker-protocol.js';

/**
 * Entry point of a worker process (forked by WorkerProcess). It holds one runtime, runs jobs
 * concurrently, each with its own AbortController, and speaks worker-protocol.ts over IPC through
 * the codec the parent's transport uses (worker-process.ts). Everything written to stderr is
 * captured by the parent, so logs go there.
 */

const codec = structuredCloneCodec.worker;

const logger = createLogger(`worker:${process.pid}`);
let runtime: Runtime | undefined;
let loading: AbortController | undefined;
const jobs = new Map<number, AbortController>();
const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: AppError) => void }>();
let nextCallId = 1;

function send(message: ChildMessage): void {
  if (!process.send || !process.connected) return;
  try {
    process.send(codec.encode(message));
  } catch (error) {
    // Structured clone refused the value (a function, a class with private state...).
    const reason = toAppError(error).message;
    if ('jobId' in message && message.jobId !== null && (message.type === 'result' || message.type === 'partial')) {
      const payload: ErrorPayload = { code: 'INTERNAL', message: `The ${message.type} value cannot be sent back: ${reason}` };
      process.send(codec.encode({ type: 'error', jobId: message.jobId, error: payload }));
    } else {
      logger.error(`could not send ${message.type}: ${reason}`);
    }
  }
}

const bridge: CallBridge = {
  call(target: CallTarget, input: unknown, params: Readonly<Record<string, unknown>>, signal: AbortSignal) {
    if (signal.aborted) return Promise.reject(new CancelledError());
    const callId = nextCallId++;
    return new Promise<unknown>((resolve, reject) => {
      const onAbort = (): void => {
        calls.delete(callId);
        send({ type: 'call-cancel', callId });
        reject(new CancelledError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      calls.set(callId, {
        resolve: (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      send({ type: 'call', callId, target, input, params: { ...params } });
    });
  },
};

async function load(spec: WorkerSpec): Promise<void> {
  if (runtime || loading) {
    send({ type: 'load-error', error: { code: 'INTERNAL', message: 'This worker already has a runtime.' } });
    return;
  }
  const controller = new AbortController();
  loading = controller;
  try {
    const created = await createRuntime(spec, { logger, bridge });
    const info = await created.load({
      signal: controller.signal,
      onDownload: (progress) => send({ type: 'download', progress }),
    });
    runtime = created;
    const capabilities = created.capabilities();
    send({
      type: 'loaded',
      info: { ...info, memoryBytes: process.memoryUsage().rss },
      capabilities: { ...capabilities, devices: [...capabilities.devices] },
    });
  } catch (error) {
    send({ type: 'load-error', error: toAppError(error, 'MODEL_LOAD_FAILED').toPayload() });
  } finally {
    loading = undefined;
  }
}

async function infer(jobId: number, input: unknown, params: Record<string, unknown>): Promise<void> {
  const controller = new AbortController();
  jobs.set(jobId, controller);
  try {
    if (!runtime) throw new AppError('INTERNAL', 'The worker has no model loaded.');
    const value = await runtime.infer(input, {
      signal: controller.signal,
      params,
      onProgress: (update) => send({ type: 'progress', jobId, update }),
      onPartial: (partial) => send({ type: 'partial', jobId, value: partial }),
      onLog: (message, level) => send({ type: 'log', jobId, message, level }),
    });
    if (controller.signal.aborted) throw new CancelledError();
    send({ type: 'result', jobId, value });
  } catch (error) {
    const appError = controller.signal.aborted ? new CancelledError() : toAppError(error);
    send({ type: 'error', jobId, error: appError.toPayload() });
  } finally {
    jobs.delete(jobId);
  }
}

async function unload(): Promise<void> {
  loading?.abort();
  for (const controller of jobs.values()) controller.abort();
  const current = runtime;
  runtime = undefined;
  await current?.unload();
}

function handle(message: ParentMessage): void {
  switch (message.type) {
    case 'load':
      void load(message.spec);
      return;
    case 'infer':
      void infer(message.jobId, message.input, message.params);
      return;
    case 'cancel':
      jobs.get(message.jobId)?.abort();
      return;
    case 'unload':
      unload().then(
        () => send({ type: 'unloaded' }),
        (error: unknown) => logger.error(`unload failed: ${toAppError(error).message}`),
      );
      return;
    case 'shutdown':
      unload()
        .catch((error: unknown) => logger.error(`unload failed: ${toAppError(error).message}`))
        .finally(() => process.exit(0));
      return;
    case 'call-result':
      calls.get(message.callId)?.resolve(message.value);
      calls.delete(message.callId);
      return;
    case 'call-error':
      calls.get(message.callId)?.reject(AppError.fromPayload(message.error));
      calls.delete(message.callId);
      return;
  }
}

process.on('message', (raw: unknown) => {
  const decoded = codec.decode(raw);
  if (decoded.ok) handle(decoded.message);
  else logger.error(`invalid message from parent: ${decoded.problem}`);
});

// Orphan protection: if the parent goes away (crash, SIGKILL), so does the worker.
process.on('disconnect', () => process.exit(0));

// User code may leave a rejected promise behind; that must not take down the other jobs here.
process.on('unhandledRejection', (reason) => {
  send({ type: 'log', jobId: null, message: `unhandled rejection: ${toAppError(reason).message}`, level: 'error' });
});

send({ type: 'hello', pid: process.pid });
