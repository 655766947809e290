import type { AppError } from '../../preload/shared/errors.js';
import { watchMemory } from './memory-watch.js';
import { memoryLimitError } from './worker-errors.js';
import type { WorkerConnection } from './worker-transport.js';

/**
 * The memory side of one WorkerHost: kills the child when its resident memory passes the limit,
 * and tells, once a child has died, what memory had to do with it (a note for the crash reason,
 * and the error its jobs get). Two guards work together: V8's heap limit (`--max-old-space-size`,
 * the child crashes with "heap out of memory") and this watch from outside the child, which also
 * sees native memory and needs nothing from a child stuck in a synchronous loop.
 */

export interface MemoryGuardSettings {
  readonly label: string;
  /** The child's V8 heap limit, if any (named in the note of a heap crash). */
  readonly heapLimitMb?: number;
  /** The resident-memory limit from project.json (`limits.memoryMb`); undefined: no watch. */
  readonly limitMb?: number;
  readonly intervalMs?: number;
}

export interface MemoryVerdict {
  /** Ours, never the child's own text: it may be shown to any caller. */
  readonly note?: string;
  /** LIMIT_EXCEEDED naming the limit and the functions, when a project limit stopped the child. */
  readonly error?: AppError;
}

export class MemoryGuard {
  private current: { stop(): void } | undefined;
  private readonly kills = new WeakMap<WorkerConnection, { note: string; error: AppError }>();

  constructor(private readonly settings: MemoryGuardSettings) {}

  /** Watches a new child (ending the previous watch); `running` names the functions on it at the moment of a kill. */
  watch(child: WorkerConnection, running: () => readonly string[]): void {
    this.stop();
    const { limitMb, intervalMs, label } = this.settings;
    // Where the worker's memory cannot be read, only its heap limit applies.
    const read = child.residentBytes;
    if (limitMb === undefined || !read) return;
    this.current = watchMemory({
      pid: child.pid,
      read: () => read(),
      limitBytes: limitMb * 2 ** 20,
      ...(intervalMs !== undefined ? { intervalMs } : {}),
      onExceeded: (bytes) => {
        const used = `used ${Math.ceil(bytes / 2 ** 20)} MB of memory`;
        this.kills.set(child, {
          note: `killed after it ${used}, over its limit of ${limitMb} MB`,
          error: memoryLimitError(label, running(), used, limitMb),
        });
        void child.kill();
      },
    });
  }

  stop(): void {
    this.current?.stop();
    this.current = undefined;
  }

  /** What memory had to do with the death of `child`, which was running `running`. */
  verdict(child: WorkerConnection, running: readonly string[]): MemoryVerdict {
    const killed = this.kills.get(child);
    if (killed) return killed;
    if (!/heap out of memory|Reached heap limit/i.test(child.stderrTail())) return {};
    const { heapLimitMb, limitMb, label } = this.settings;
    const note = `JavaScript heap out of memory${heapLimitMb !== undefined ? ` at its limit of ${heapLimitMb} MB` : ''}`;
    if (limitMb === undefined) return { note };
    return { note, error: memoryLimitError(label, running, 'ran out of JavaScript heap', limitMb) };
  }
}
