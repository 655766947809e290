import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { openLoad, type HttpPath } from './paths/http.js';
import { childPids, processCpuUs } from './proc-cpu.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import type { WorkerIsolation } from '../main/queue/worker/model-isolation.js';

/**
 * The sides of the scale-out bench (scale-out.ts), each a whole deployment on this machine made of
 * the real CLI as child processes: `demo-desktop serve` alone (the embedded queue), or a
 * redis-server of its own, one `serve --queue` front and N `demo-desktop worker` processes (their
 * ONNX model in a thread of the worker, or in a worker process of its own: `--isolation`). Each
 * side has its own load process (plain keep-alive client), and knows its processes by role, so the
 * CPU of the whole tree (front + workers + their ONNX worker processes + redis-server) is counted.
 */

const BIN = join(import.meta.dirname, '..', 'main', 'cli', 'bin.ts');
const REPO = join(import.meta.dirname, '..');

export type Role = 'front' | 'workers' | 'redis';

export interface Side {
  readonly name: string;
  readonly load: HttpPath;
  /** Microseconds of CPU used so far per role, each process with all its descendants. */
  cpuUs(): Record<Role, number>;
  stop(): Promise<void>;
}

/** CPU of `pid` and every process below it (worker processes of a worker's engine, ORT's threads included). */
function treeCpuUs(pid: number | null | undefined): number {
  if (!pid) return 0;
  return processCpuUs(pid) + childPids(pid).reduce((total, child) => total + treeCpuUs(child), 0);
}

/** The CLI from source (tsx), as a user's shell would run it; warnings only, so its output stays small. */
function cli(args: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    cwd: REPO,
    env: { ...process.env, DEMO_DESKTOP_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killedOnExit(child);
  return child;
}

/** Every CLI child still running; one 'exit' listener for all (a listener each passed Node's 10 with four sides). */
const running = new Set<ChildProcess>();

/** A bench that dies without stopping its sides must not leave servers behind. */
function killedOnExit(child: ChildProcess): void {
  if (running.size === 0) process.once('exit', killAll);
  running.add(child);
  child.once('exit', () => {
    running.delete(child);
    if (running.size === 0) process.off('exit', killAll);
  });
}

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** The first stdout line matching `pattern`; rejects with the process's stderr when it exits first. */
function lineOf(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => void (err = (err + chunk).slice(-4000)));
    const onData = (chunk: string): void => {
      out += chunk;
      const match = pattern.exec(out);
      if (!match) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve(match);
    };
    child.stdout?.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited (${String(code)}) before it was ready: ${err}`)));
  });
}

/** SIGTERM (serve and worker shut down cleanly on it), SIGKILL after 10 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

async function startFront(project: string, dataDir: string, queue?: string): Promise<{ child: ChildProcess; url: string }> {
  const args = ['serve', project, '--port', '0', '--no-history', '--offline', '--data-dir', dataDir];
  const child = cli(queue ? [...args, '--queue', queue] : args);
  const match = await lineOf(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/, 'serve');
  return { child, url: `${match[1] ?? ''}/` };
}

async function startWorker(project: string, queue: string, maxRuns: number, isolation: WorkerIsolation): Promise<ChildProcess> {
  const child = cli(['worker', project, '--queue', queue, '--max-runs', String(maxRuns), '--isolation', isolation, '--offline']);
  await lineOf(child, /Worker \S+ ready: serving /, 'worker');
  return child;
}

export interface SideOptions {
  readonly name: string;
  readonly project: string;
  readonly dataDir: string;
  readonly width: number;
  readonly clients: number;
  /** 0: the embedded queue (`serve` without --queue); else this many workers on a redis-server of the side's own. */
  readonly workers: number;
  /** Where each worker runs the ONNX model (`--isolation`): a thread of its own process, or a worker process of its own. */
  readonly isolation: WorkerIsolation;
  /** Runs each worker may hold (`--max-runs`): the callers, so a single worker is not the cap. */
  readonly maxRuns: number;
  /** redis-server options after the defaults (AOF on, `appendfsync always`), e.g. `--appendfsync everysec`. */
  readonly redisArgs: readonly string[];
  readonly log: (line: string) => void;
}

export async function startSide(options: SideOptions): Promise<Side> {
  const started: ChildProcess[] = [];
  let redis: RedisServer | undefined;
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    stopping = true;
    for (const child of started.reverse()) await stopProcess(child);
    await redis?.stop();
  };
  try {
    let queue: string | undefined;
    if (options.workers > 0) {
      redis = await startRedisServer(options.redisArgs);
      queue = redis.url;
      for (let i = 0; i < options.workers; i++) started.push(await startWorker(options.project, queue, options.maxRuns, options.isolation));
    }
    const front = await startFront(options.project, options.dataDir, queue);
    started.push(front.child);
    const load = await openLoad(front.url, options.width, options.clients, stopAll);
    const workers = started.filter((child) => child !== front.child);
    for (const child of started) {
      // A process of the side that dies mid-bench explains its errors: say so at once.
      child.once('exit', (code, signal) => {
        if (!stopping) options.log(`${options.name}: ${child.spawnargs[4] ?? 'a process'} exited (${String(code ?? signal)})`);
      });
    }
    return {
      name: options.name,
      load,
      cpuUs: () => ({
        front: treeCpuUs(front.child.pid),
        workers: workers.reduce((total, child) => total + treeCpuUs(child.pid), 0),
        redis: treeCpuUs(redis?.pid()),
      }),
      stop: () => load.dispose(),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
