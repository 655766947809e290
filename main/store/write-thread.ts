import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../common/logger.js';
import { BatchQueue } from './batch-queue.js';
import { DropCounter } from './drop-counter.js';
import type { RunRecord } from './history-types.js';
import type { RunFileRef } from './run-rows.js';
import type { FromWriteThread, PostedRun, ToWriteThread, WriteThreadConfig } from './write-thread-protocol.js';

/**
 * Starts the writer thread's entry. Built into dist/ it is plain `.js`; under tsx or vitest this
 * module is the `.ts` source, and a worker thread does not inherit tsx's loader (nor take
 * `--import` in its execArgv on Node 20), so a one-line bootstrap registers tsx first.
 */
function startWorker(config: WriteThreadConfig): Worker {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return new Worker(self.replace(/write-thread\.js$/, 'write-thread-main.js'), { workerData: config });
  const entry = pathToFileURL(self.replace(/write-thread\.ts$/, 'write-thread-main.ts')).href;
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin beside it).
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: config });
}

/**
 * The main thread's side of the writer thread. `post` only pushes the run on an array; once per
 * batch window (50 ms) the array goes over in ONE postMessage (structured clone: about half the
 * main thread's cost of a message per run, and cheaper than JSON text), and the thread commits it on
 * arrival (the row's JSON, search text, insert and commit all happen over there). A kill -9 loses
 * what is in the window, as before. Runs posted but not yet committed are counted here, which bounds
 * the queue (past `maxQueued` a run is dropped, logged once, and the count given when it drains)
 * and keeps the process alive until they are committed (the worker is unref'd while idle, so an
 * open store never holds a finished process open).
 */
export class WriteThread {
  private started: { readonly worker: Worker; readonly exited: Promise<void> } | null = null;
  private outstanding = 0;
  private readonly drops: DropCounter;
  private nextFlush = 0;
  private readonly flushes = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private failure: Error | null = null;
  private closing = false;
  /** The batch window's runs, sent over in one message (a postMessage is never refused: no retry). */
  private readonly batch: BatchQueue<PostedRun>;

  constructor(
    private readonly config: WriteThreadConfig,
    private readonly logger: Logger,
    maxQueued: number,
    /** The batch window: how long a run may wait on this side (bounds what a kill -9 can lose). */
    delayMs: number,
  ) {
    this.drops = new DropCounter(logger, maxQueued);
    this.batch = new BatchQueue<PostedRun>({
      delayMs,
      retryMs: delayMs,
      commit: (runs) => this.send({ type: 'runs', runs }),
      refused: (error) => this.fail(error instanceof Error ? error : new Error(String(error))),
    });
  }

  /** The thread, started at the first run or flush: a store that only reads (the CLI's exports) never starts one. */
  private worker(): Worker {
    if (this.started) return this.started.worker;
    const worker = startWorker(this.config);
    worker.unref();
    worker.on('message', (message: FromWriteThread) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.once('exit', (code) => this.fail(new Error(`the store's writer thread exited (code ${code})`)));
    this.started = { worker, exited };
    return worker;
  }

  /** Starts the thread now rather than at the first run (a server: its first runs then wait for no start). */
  start(): void {
    this.worker();
  }

  /** Runs sent and not yet committed. */
  get pending(): number {
    return this.outstanding;
  }

  /** Whether it can take runs (false once its thread failed: the caller writes on its own connection). */
  get alive(): boolean {
    return this.failure === null;
  }

  post(run: RunRecord, files: readonly RunFileRef[]): void {
    if (!this.drops.admit(this.outstanding)) return;
    if (this.outstanding++ === 0) this.worker().ref();
    this.batch.add({ run, files });
  }

  /** Resolves once every run posted before it is committed; rejects when the database refused the batch. */
  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.started) return Promise.resolve();
    const id = this.nextFlush++;
    this.worker().ref();
    this.batch.commitNow();
    return new Promise((resolve, reject) => {
      this.flushes.set(id, { resolve, reject });
      this.send({ type: 'flush', id });
    });
  }

  /** Commits what was posted, closes the thread's connection, and waits for the thread to end. */
  async close(): Promise<void> {
    if (!this.started) return;
    // Held until it has ended: an unref'd thread would let the process exit before its last commit.
    this.closing = true;
    this.started.worker.ref();
    this.batch.commitNow();
    if (!this.failure) this.send({ type: 'close' });
    await this.started.exited;
  }

  private send(message: ToWriteThread): void {
    this.worker().postMessage(message);
  }

  private receive(message: FromWriteThread): void {
    if (message.type === 'committed') {
      this.outstanding = Math.max(0, this.outstanding - message.count);
      if (this.outstanding === 0) this.drops.drained();
    } else if (message.type === 'flushed') {
      const waiting = this.flushes.get(message.id);
      this.flushes.delete(message.id);
      if (message.error === null) waiting?.resolve();
      else waiting?.reject(new Error(message.error));
    } else if (message.type === 'log') {
      this.logger[message.level](message.message, message.fields);
    }
    if (this.outstanding === 0 && this.flushes.size === 0 && !this.closing) this.worker().unref();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.batch.clear();
    if (this.outstanding > 0 || this.flushes.size > 0) {
      this.logger.error("the store's writer thread stopped; runs it had not committed are lost", {
        runs: this.outstanding,
        error: String(error),
      });
    }
    for (const waiting of this.flushes.values()) waiting.reject(error);
    this.flushes.clear();
    this.outstanding = 0;
  }
}
