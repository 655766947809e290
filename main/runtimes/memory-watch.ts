import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * A worker's resident memory, read from outside it: a worker stuck in a synchronous allocation
 * loop cannot report its own, and native memory (Buffers, addons) is outside V8's heap limit.
 * Linux reads /proc (one small file, no process); macOS asks `ps`; elsewhere (Windows) there is no
 * reading, and only the V8 heap limit (`--max-old-space-size`) applies.
 */
export type ResidentReader = (pid: number) => Promise<number | undefined>;

async function fromProc(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kb = status && /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : undefined;
}

function fromPs(pid: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: 2_000 }, (error, stdout) => {
      const kb = Number(stdout.trim());
      resolve(error || !Number.isFinite(kb) || kb <= 0 ? undefined : kb * 1024);
    });
  });
}

export const readResidentBytes: ResidentReader | undefined =
  process.platform === 'linux' ? fromProc : process.platform === 'darwin' ? fromPs : undefined;

/** How often to look: /proc is cheap; `ps` is a process per reading. */
export const DEFAULT_WATCH_INTERVAL_MS = process.platform === 'linux' ? 100 : 1_000;

export interface MemoryWatchOptions {
  readonly pid: number;
  readonly limitBytes: number;
  readonly onExceeded: (residentBytes: number) => void;
  readonly intervalMs?: number;
  readonly read?: ResidentReader;
}

/**
 * Reads the process's resident memory every `intervalMs` (one reading at a time, timers unref'd)
 * until `stop()` or until a reading passes the limit: then `onExceeded` runs once and the watch
 * ends. Where memory cannot be read it does nothing.
 */
export function watchMemory(options: MemoryWatchOptions): { stop(): void } {
  const read = options.read ?? readResidentBytes;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    stopped = true;
    clearTimeout(timer);
  };
  if (!read) return { stop };
  const tick = async (): Promise<void> => {
    const bytes = await read(options.pid);
    if (stopped) return;
    if (bytes !== undefined && bytes > options.limitBytes) {
      stop();
      options.onExceeded(bytes);
      return;
    }
    schedule();
  };
  const schedule = (): void => {
    timer = setTimeout(() => void tick(), options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
    timer.unref();
  };
  schedule();
  return { stop };
}
