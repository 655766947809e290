import { AppError, CancelledError, toAppError, type ErrorPayload } from '../../preload/shared/errors.js';
import { createLogger, type Logger } from '../common/logger.js';
import { createRuntime } from './create-runtime.js';
import type { InferOptions, LogLevel, ProgressUpdate, Runtime } from './runtime.js';
import type { CallBridge } from './runtime-context.js';
import { structuredCloneCodec } from './worker-codec.js';
import type { CallTarget, ChildMessage, ParentMessage, WorkerSpec } from './worker-protocol.js';

/**
 * The worker's side of worker-protocol.ts, whatever carries it: one runtime, jobs run
 * concurrently, each with its own AbortSignal (built when read). A child process (worker-main.ts) and a worker
 * thread (worker-thread-main.ts) differ only in their `WorkerPort`; both use the codec their
 * transport's parent end uses (`structuredCloneCodec`: Node's advanced IPC and postMessage both
 * clone). Everything written to stderr is captured by the parent, so logs go there.
 */

export interface WorkerPort {
  /** Names the worker in its log lines. */
  readonly name: string;
  /** False once the parent can no longer be reached. */
  readonly connected: boolean;
  /** Hands an encoded message to the channel; throws if the value cannot be cloned. */
  post(wire: unknown): void;
  onMessage(listener: (wire: unknown) => void): void;
  /** Ends this worker (the process, or only the thread). */
  exit(code: number): void;
  /** What the loaded model holds, reported with `loaded` (the memory budget weighs replicas by it). */
  memoryBytes(): number;
}

/** Starts serving on `port` and says hello. */
export function serveWorker(port: WorkerPort): void {
  const server = new WorkerServer(port);
  port.onMessage((raw) => server.receive(raw));
  // User code may leave a rejected promise behind; that must not take down the other jobs here.
  process.on('unhandledRejection', (reason) => {
    server.send({ type: 'log', jobId: null, message: `unhandled rejection: ${toAppError(reason).message}`, level: 'error' });
  });
  server.send({ type: 'hello', pid: process.pid });
}

const codec = structuredCloneCodec.worker;

/**
 * One job: its options for the runtime, and its cancellation. Node 20 takes 2-13 µs to build an
 * AbortSignal one at a time (more in a loop; issue 17, docs/performance.md), an AbortController
 * 0.2 µs, and the controller builds its signal only when it is first read; so `signal` is a getter,
 * and a run that never reads it (an ONNX model's single input) costs no signal. A cancel before any
 * read still aborts it: `abort()` builds it aborted. The getter is on the prototype, not in an
 * object literal (a literal with an accessor is built as a dictionary: 865 against 353 bytes, with
 * the three callbacks), so a runtime must read `options.signal`, not spread `options`.
 */
class ServedJob implements InferOptions {
  private readonly controller = new AbortController();
  /** Set by `cancel`; read instead of `signal.aborted`, which would build the signal. */
  cancelled = false;
  readonly onProgress: (update: ProgressUpdate) => void;
  readonly onPartial: (value: unknown) => void;
  readonly onLog: (message: string, level: LogLevel) => void;

  constructor(
    jobId: number,
    readonly params: Record<string, unknown>,
    send: (message: ChildMessage) => void,
  ) {
    this.onProgress = (update) => send({ type: 'progress', jobId, update });
    this.onPartial = (value) => send({ type: 'partial', jobId, value });
    this.onLog = (message, level) => send({ type: 'log', jobId, message, level });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  cancel(): void {
    this.cancelled = true;
    this.controller.abort();
  }
}

class WorkerServer {
  private readonly logger: Logger;
  private runtime: Runtime | undefined;
  private loading: AbortController | undefined;
  private readonly jobs = new Map<number, ServedJob>();
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: AppError) => void }>();
  private nextCallId = 1;

  constructor(private readonly port: WorkerPort) {
    this.logger = createLogger(port.name);
  }

  receive(raw: unknown): void {
    const decoded = codec.decode(raw);
    if (decoded.ok) this.handle(decoded.message);
    else this.logger.error(`invalid message from parent: ${decoded.problem}`);
  }

  send(message: ChildMessage): void {
    if (!this.port.connected) return;
    try {
      this.port.post(codec.encode(message));
    } catch (error) {
      // Structured clone refused the value (a function, a class with private state...).
      const reason = toAppError(error).message;
      if ('jobId' in message && message.jobId !== null && (message.type === 'result' || message.type === 'partial')) {
        const payload: ErrorPayload = { code: 'INTERNAL', message: `The ${message.type} value cannot be sent back: ${reason}` };
        this.port.post(codec.encode({ type: 'error', jobId: message.jobId, error: payload }));
      } else {
        this.logger.error(`could not send ${message.type}: ${reason}`);
      }
    }
  }

  private readonly bridge: CallBridge = {
    call: (target: CallTarget, input: unknown, params: Readonly<Record<string, unknown>>, signal: AbortSignal) => {
      if (signal.aborted) return Promise.reject(new CancelledError());
      const callId = this.nextCallId++;
      return new Promise<unknown>((resolve, reject) => {
        const onAbort = (): void => {
          this.calls.delete(callId);
          this.send({ type: 'call-cancel', callId });
          reject(new CancelledError());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        this.calls.set(callId, {
          resolve: (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          reject: (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        this.send({ type: 'call', callId, target, input, params: { ...params } });
      });
    },
  };

  private async load(spec: WorkerSpec): Promise<void> {
    if (this.runtime || this.loading) {
      this.send({ type: 'load-error', error: { code: 'INTERNAL', message: 'This worker already has a runtime.' } });
      return;
    }
    const controller = new AbortController();
    this.loading = controller;
    try {
      const created = await createRuntime(spec, { logger: this.logger, bridge: this.bridge });
      const info = await created.load({
        signal: controller.signal,
        onDownload: (progress) => this.send({ type: 'download', progress }),
      });
      this.runtime = created;
      const capabilities = created.capabilities();
      this.send({
        type: 'loaded',
        info: { ...info, memoryBytes: this.port.memoryBytes() },
        capabilities: { ...capabilities, devices: [...capabilities.devices] },
      });
    } catch (error) {
      this.send({ type: 'load-error', error: toAppError(error, 'MODEL_LOAD_FAILED').toPayload() });
    } finally {
      this.loading = undefined;
    }
  }

  private async infer(jobId: number, input: unknown, params: Record<string, unknown>): Promise<void> {
    const job = new ServedJob(jobId, params, (message) => this.send(message));
    this.jobs.set(jobId, job);
    try {
      if (!this.runtime) throw new AppError('INTERNAL', 'The worker has no model loaded.');
      const value = await this.runtime.infer(input, job);
      if (job.cancelled) throw new CancelledError();
      this.send({ type: 'result', jobId, value });
    } catch (error) {
      const appError = job.cancelled ? new CancelledError() : toAppError(error);
      this.send({ type: 'error', jobId, error: appError.toPayload() });
    } finally {
      this.jobs.delete(jobId);
    }
  }

  private async unload(): Promise<void> {
    this.loading?.abort();
    for (const job of this.jobs.values()) job.cancel();
    const current = this.runtime;
    this.runtime = undefined;
    await current?.unload();
  }

  private handle(message: ParentMessage): void {
    switch (message.type) {
      case 'load':
        void this.load(message.spec);
        return;
      case 'infer':
        void this.infer(message.jobId, message.input, message.params);
        return;
      case 'cancel':
        this.jobs.get(message.jobId)?.cancel();
        return;
      case 'unload':
        this.unload().then(
          () => this.send({ type: 'unloaded' }),
          (error: unknown) => this.logger.error(`unload failed: ${toAppError(error).message}`),
        );
        return;
      case 'shutdown':
        this.unload()
          .catch((error: unknown) => this.logger.error(`unload failed: ${toAppError(error).message}`))
          .finally(() => this.port.exit(0));
        return;
      case 'call-result':
        this.calls.get(message.callId)?.resolve(message.value);
        this.calls.delete(message.callId);
        return;
      case 'call-error':
        this.calls.get(message.callId)?.reject(AppError.fromPayload(message.error));
        this.calls.delete(message.callId);
        return;
    }
  }
}
