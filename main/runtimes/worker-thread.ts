import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { structuredCloneCodec, type WorkerCodec } from './worker-codec.js';
import { DEFAULT_OUTPUT_LIMITS, LineSplitter } from './worker-output.js';
import { STDERR_TAIL_CHARS, tellingLine } from './worker-process.js';
import type { ModelDefinition } from '../../preload/shared/project/schema-models.js';
import type { ChildMessage, ParentMessage } from './worker-protocol.js';
import { shutdownWithin, type ExitInfo, type WorkerConnection, type WorkerOpenOptions, type WorkerTransport } from './worker-transport.js';

/**
 * The worker-thread transport (issue 17: a trusted ONNX model in a thread instead of a process,
 * opt-in with `"isolation": "thread"` on the model, docs/project-format.md). A message costs a
 * postMessage instead of a round trip through the IPC socket and another process's event loop.
 *
 * What isolation is left: the thread has its own V8 heap, capped by resourceLimits (a model that
 * exhausts it ends its thread with "JS heap out of memory", never the app), and a thread that
 * throws or exits ends like a crashed process: WorkerHost fails its jobs with WORKER_CRASHED and
 * restarts it under its restart policy. What is lost: a native crash (a segfault in onnxruntime)
 * takes down the whole app, `terminate()` cannot stop a thread inside a native call until that
 * call returns, and the resident memory is the app's (no per-worker resident-memory watch; the
 * model's size is estimated from inside the thread, worker-thread-main.ts). Hence trusted models only.
 */

export interface WorkerThreadOptions extends WorkerOpenOptions {
  /** Must match what the thread decodes: worker-thread-main.ts uses `structuredCloneCodec`. */
  readonly codec?: WorkerCodec;
  /** Young generation and stack limits (the old generation is `memoryLimitMb`). */
  readonly resourceLimits?: Omit<ResourceLimits, 'maxOldGenerationSizeMb'>;
}

/**
 * The thread's code. Built into dist/ it is plain `.js`; under vitest (and tsx) this module is the
 * `.ts` source, and the thread registers tsx itself first (worker threads ignore `--import` in
 * their execArgv). tsx is resolved from here, not from the cwd.
 */
function threadEntry(): { readonly code: string | URL; readonly eval: boolean } {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return { code: new URL('./worker-thread-main.js', import.meta.url), eval: false };
  const api = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/index\.cjs$/, 'index.mjs');
  const main = pathToFileURL(self.replace(/worker-thread\.ts$/, 'worker-thread-main.ts')).href;
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(main)}); });`;
  return { code, eval: true };
}

export class WorkerThread implements WorkerConnection {
  /** A thread has no process of its own. */
  readonly pid = -1;
  readonly exited: Promise<ExitInfo>;
  /** The process's resident memory is the app's: nothing to read for this worker alone. */
  readonly residentBytes = undefined;
  private readonly worker: Worker;
  private readonly codec: WorkerCodec;
  private readonly listeners = new Set<(message: ChildMessage) => void>();
  private exitInfo: ExitInfo | undefined;
  private tail = '';

  private constructor(options: WorkerThreadOptions) {
    this.codec = options.codec ?? structuredCloneCodec;
    const entry = threadEntry();
    const limits: ResourceLimits = {
      ...options.resourceLimits,
      ...(options.memoryLimitMb !== undefined ? { maxOldGenerationSizeMb: options.memoryLimitMb } : {}),
    };
    this.worker = new Worker(entry.code, { eval: entry.eval, name: options.label, stdout: true, stderr: true, resourceLimits: limits });
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.worker.once('exit', (code) => {
        this.exitInfo = { code, signal: null };
        this.listeners.clear();
        resolve(this.exitInfo);
      });
    });
    // An uncaught exception or a heap exhausted at its resource limit: 'exit' follows.
    this.worker.on('error', (error) => this.append(`\n${error.name}: ${error.message}`));
    this.worker.on('message', (raw: unknown) => {
      const decoded = this.codec.parent.decode(raw);
      if (!decoded.ok) options.onProtocolError?.(decoded.problem);
      else for (const listener of this.listeners) listener(decoded.message);
    });
    this.capture(this.worker.stdout, 'stdout', options);
    this.capture(this.worker.stderr, 'stderr', options);
  }

  static start(options: WorkerThreadOptions): WorkerThread {
    return new WorkerThread(options);
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  onMessage(listener: (message: ChildMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends a message; false if the thread is gone. Throws (DataCloneError) for a value that cannot be cloned. */
  send(message: ParentMessage): boolean {
    if (!this.alive) return false;
    this.worker.postMessage(this.codec.parent.encode(message));
    return true;
  }

  /** Terminates the thread (at once in JavaScript; after the current native call returns otherwise). */
  async kill(): Promise<ExitInfo> {
    if (this.alive) void this.worker.terminate();
    return this.exited;
  }

  async shutdown(timeoutMs: number): Promise<ExitInfo> {
    return shutdownWithin(this, timeoutMs);
  }

  stderrTail(): string {
    return this.tail.trim();
  }

  crashHint(): string | undefined {
    return tellingLine(this.stderrTail());
  }

  private append(text: string): void {
    this.tail = (this.tail + text).slice(-STDERR_TAIL_CHARS);
  }

  private capture(source: Readable, stream: 'stdout' | 'stderr', options: WorkerThreadOptions): void {
    source.setEncoding('utf8');
    const lines = new LineSplitter(options.maxLineChars ?? DEFAULT_OUTPUT_LIMITS.maxLineChars, (line) => options.onOutput?.(line, stream));
    source.on('data', (chunk: string) => {
      if (stream === 'stderr') this.append(chunk);
      lines.push(chunk);
    });
    source.on('end', () => lines.end());
  }
}

/** Every worker a thread of this process: for trusted models only (see above). */
export const workerThreadTransport: WorkerTransport = { open: (options) => WorkerThread.start(options) };

/** Whether a model asked for worker threads (`"isolation": "thread"`, ONNX models only). */
export function isolatedInThread(definition: ModelDefinition): boolean {
  return definition.runtime === 'onnx' && definition.isolation === 'thread';
}
