import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readResidentBytes } from './memory-watch.js';
import { structuredCloneCodec, type WorkerCodec } from './worker-codec.js';
import { DEFAULT_OUTPUT_LIMITS, LineSplitter } from './worker-output.js';
import type { ChildMessage, ParentMessage } from './worker-protocol.js';
import { shutdownWithin, type ExitInfo, type WorkerConnection, type WorkerOpenOptions, type WorkerTransport } from './worker-transport.js';

/**
 * The default worker transport: one forked child process per worker, on this machine. Spawning
 * (from sources or from dist/), messages through a codec over Node's IPC channel, output capture
 * and killing. It knows nothing about jobs or restarts; WorkerHost does.
 */

export interface WorkerProcessOptions extends WorkerOpenOptions {
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Must match what the child decodes: worker-main.ts uses `structuredCloneCodec`, which is what
   * Node's IPC channel with `serialization: 'advanced'` carries.
   */
  readonly codec?: WorkerCodec;
}

export interface WorkerEntry {
  readonly file: string;
  readonly execArgv: readonly string[];
}

/**
 * Set (to 1) by `npm test` after it has built dist/: sources running through tsx (vitest) start their
 * child processes from dist/ instead of through tsx, which costs ~0.7 s more CPU per process and the
 * tests start hundreds. Never implied: a run without it (`npx vitest run x.test.ts` before any
 * build) gets the sources, so a stale dist/ is never picked up silently (vitest.config.ts checks
 * that dist/ is newer than the sources when it sets this).
 */
export const FROM_DIST_ENV = 'DEMO_DESKTOP_FROM_DIST';

/**
 * The entry file for the child. Under vitest (and tsx) this module is the `.ts` source, and the
 * child must run the `.ts` worker through tsx (or dist/'s build of it, with FROM_DIST_ENV); built
 * into dist/, it is plain `.js`. tsx is resolved from here, not from the cwd, so the app works
 * whatever directory it was started in.
 */
export function workerEntry(env: NodeJS.ProcessEnv = process.env): WorkerEntry {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith('.ts')) return { file: self.replace(/worker-process\.js$/, 'worker-main.js'), execArgv: [] };
  if (env[FROM_DIST_ENV] === '1') {
    return { file: join(dirname(self), '..', '..', 'dist', 'main', 'runtimes', 'worker-main.js'), execArgv: [] };
  }
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return { file: self.replace(/worker-process\.ts$/, 'worker-main.ts'), execArgv: ['--import', pathToFileURL(tsx).href] };
}

// Enough for a V8 fatal error line followed by its native stack trace.
export const STDERR_TAIL_CHARS = 8_000;

/** The most telling line of a worker's stderr tail: the last error-looking one, else the last one. */
export function tellingLine(tail: string): string | undefined {
  const lines = tail
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const telling = [...lines].reverse().find((line) => /FATAL ERROR|Error:|Segmentation fault|Aborted/i.test(line));
  return telling ?? lines.at(-1);
}

export class WorkerProcess implements WorkerConnection {
  readonly pid: number;
  /** Resolves once, when the process has exited (or failed to start). */
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcess;
  private tail = '';
  private exitInfo: ExitInfo | undefined;
  private readonly listeners = new Set<(message: ChildMessage) => void>();
  private readonly codec: WorkerCodec;
  readonly residentBytes: (() => Promise<number | undefined>) | undefined;

  private constructor(child: ChildProcess, options: WorkerProcessOptions) {
    this.child = child;
    this.pid = child.pid ?? -1;
    this.codec = options.codec ?? structuredCloneCodec;
    const read = readResidentBytes;
    this.residentBytes = read && this.pid > 0 ? () => read(this.pid) : undefined;
    this.exited = new Promise<ExitInfo>((resolve) => {
      const finish = (info: ExitInfo): void => {
        if (this.exitInfo) return;
        this.exitInfo = info;
        this.listeners.clear();
        resolve(info);
      };
      // 'close' follows 'exit' once stdout/stderr are drained, so a crash's last words are in the
      // tail; a grandchild holding the pipes open must not delay the verdict, hence the cap.
      child.once('exit', (code, signal) => {
        const info = { code, signal };
        const timer = setTimeout(() => finish(info), 200);
        child.once('close', () => {
          clearTimeout(timer);
          finish(info);
        });
      });
      // 'error' without 'exit' means the process never started (or could not be killed).
      child.once('error', (error) => {
        this.tail += `\n${error.message}`;
        if (child.exitCode === null && child.signalCode === null && child.pid === undefined) finish({ code: null, signal: null });
      });
    });
    child.on('message', (raw: unknown) => {
      const decoded = this.codec.parent.decode(raw);
      if (!decoded.ok) {
        options.onProtocolError?.(decoded.problem);
        return;
      }
      for (const listener of this.listeners) listener(decoded.message);
    });
    this.capture(child, 'stdout', options);
    this.capture(child, 'stderr', options);
  }

  /** Forks worker-main with the options' heap limit (and --cpu-prof when asked, docs/performance.md). */
  static spawn(options: WorkerProcessOptions): WorkerProcess {
    const entry = workerEntry();
    const execArgv = [...entry.execArgv];
    if (options.memoryLimitMb !== undefined) execArgv.push(`--max-old-space-size=${options.memoryLimitMb}`);
    // Node refuses --cpu-prof in NODE_OPTIONS; this is how a worker under load gets profiled (docs/performance.md).
    const profileDir = process.env.DEMO_DESKTOP_WORKER_CPU_PROF;
    if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
    const child = fork(entry.file, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: options.env ?? process.env,
    });
    return new WorkerProcess(child, options);
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  /** The last ~8 KB the child wrote to stderr: a native crash usually explains itself there. */
  stderrTail(): string {
    return this.tail.trim();
  }

  /** The most telling line of the stderr tail (e.g. V8's "FATAL ERROR: ... heap out of memory"). */
  crashHint(): string | undefined {
    return tellingLine(this.stderrTail());
  }

  onMessage(listener: (message: ChildMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends a message; false if the child is gone. Throws if a value cannot be serialised (structured
   * clone rejects functions, class instances with private state, ...): that is the caller's input.
   */
  send(message: ParentMessage): boolean {
    if (!this.alive || !this.child.connected) return false;
    // The callback absorbs EPIPE-style errors from a child that died mid-send; exit handling covers those.
    // What a codec for this channel returns is what Node's IPC accepts (a clonable value).
    this.child.send(this.codec.parent.encode(message) as Serializable, (error) => {
      if (error) this.tail += `\nsend failed: ${error.message}`;
    });
    return true;
  }

  /** SIGKILL, then waits for the exit: nothing the child does can delay this. */
  async kill(): Promise<ExitInfo> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Asks the child to exit cleanly; kills it if it has not after `timeoutMs`. */
  async shutdown(timeoutMs: number): Promise<ExitInfo> {
    return shutdownWithin(this, timeoutMs);
  }

  private capture(child: ChildProcess, stream: 'stdout' | 'stderr', options: WorkerProcessOptions): void {
    const source = child[stream];
    if (!source) return;
    source.setEncoding('utf8');
    const lines = new LineSplitter(options.maxLineChars ?? DEFAULT_OUTPUT_LIMITS.maxLineChars, (line) => options.onOutput?.(line, stream));
    source.on('data', (chunk: string) => {
      if (stream === 'stderr') this.tail = (this.tail + chunk).slice(-STDERR_TAIL_CHARS);
      lines.push(chunk);
    });
    source.on('end', () => lines.end());
  }
}

/** The default transport: every worker a child process of this one. */
export const childProcessTransport: WorkerTransport = { open: (options) => WorkerProcess.spawn(options) };
