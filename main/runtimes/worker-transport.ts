import type { ChildMessage, ParentMessage } from './worker-protocol.js';

/**
 * How a WorkerHost reaches its worker. The host supervises (jobs, cancels, time and memory limits,
 * restarts, output throttling); a transport starts one worker and carries worker-protocol.ts
 * messages to and from it. The default, `childProcessTransport` (worker-process.ts), forks a child
 * process on this machine and talks over Node's IPC channel; a worker on another machine (issue 18)
 * is another transport behind the same two interfaces, so the host does not change.
 */

/** How a worker ended: a process's exit code or signal (both null when it never started). */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export function describeExit({ code, signal }: ExitInfo): string {
  if (signal) return `killed by signal ${signal}`;
  return `exit code ${code ?? 'unknown'}`;
}

export interface WorkerOpenOptions {
  /** Used in logs only. */
  readonly label: string;
  /** V8 heap limit of the worker; exceeding it crashes the worker, never the app. */
  readonly memoryLimitMb?: number;
  /** Each line the worker writes to stdout/stderr (user code's console.log, native warnings). */
  readonly onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Longer output lines reach `onOutput` cut to this length (default 2,000 characters). */
  readonly maxLineChars?: number;
  /** A message failed validation: a protocol bug, reported rather than thrown inside an event handler. */
  readonly onProtocolError?: (description: string) => void;
}

/** One started worker. It says `hello` once it listens; the host then sends `load`. */
export interface WorkerConnection {
  /** The worker's process id (logs, diagnostics, tests); -1 when it has none. */
  readonly pid: number;
  /** False once the worker has exited (or failed to start). */
  readonly alive: boolean;
  /** Resolves once, when the worker has exited (or failed to start). */
  readonly exited: Promise<ExitInfo>;
  /**
   * Its resident memory in bytes, read from outside it (a worker stuck in a synchronous loop cannot
   * report its own); undefined where it cannot be read, and then only the heap limit applies.
   */
  readonly residentBytes: (() => Promise<number | undefined>) | undefined;
  /** Validated messages from the worker; no more after it exited. */
  onMessage(listener: (message: ChildMessage) => void): () => void;
  /**
   * Sends a message; false if the worker is gone. Throws if a value cannot be encoded (structured
   * clone rejects functions, class instances with private state, ...): that is the caller's input.
   */
  send(message: ParentMessage): boolean;
  /** Stops it at once, then waits for the exit: nothing the worker does can delay this. */
  kill(): Promise<ExitInfo>;
  /** Asks it to exit cleanly; kills it if it has not after `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<ExitInfo>;
  /** The last ~8 KB the worker wrote to stderr: a native crash usually explains itself there. */
  stderrTail(): string;
  /** The most telling line of the stderr tail (e.g. V8's "FATAL ERROR: ... heap out of memory"). */
  crashHint(): string | undefined;
}

/**
 * A connection's `shutdown`, the same for every transport: asks the worker to exit cleanly, then
 * kills it if it has not exited after `timeoutMs` (or at once when the message cannot be sent).
 */
export async function shutdownWithin(
  connection: Pick<WorkerConnection, 'alive' | 'exited' | 'send' | 'kill'>,
  timeoutMs: number,
): Promise<ExitInfo> {
  if (!connection.alive) return connection.exited;
  if (!connection.send({ type: 'shutdown' })) return connection.kill();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([connection.exited, timeout]);
  clearTimeout(timer);
  return outcome === 'timeout' ? connection.kill() : outcome;
}

export interface WorkerTransport {
  /**
   * Starts a worker and connects to it. It does not throw for a worker that fails to start: that
   * connection's `exited` resolves instead, so the host handles it as a crash.
   */
  open(options: WorkerOpenOptions): WorkerConnection;
}
