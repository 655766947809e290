import { spawn, type ChildProcess } from 'node:child_process';
import { PeersError } from './errors.js';
import { treePids } from './process-tree.js';

/**
 * One server under test, a process of its own with everything it starts: demo-desktop's `serve`,
 * a Python peer, or a self-check stand-in. It is ready when it prints its ready line on stdout:
 * `Running on http://…` (demo-desktop) or `PEERS-READY {json}` (bench/peers/*.py and the Node
 * stand-in). Stopping: the Python peers (and the stand-in) stop when their stdin closes, which
 * lets Ray shut its cluster down; demo-desktop stops on SIGTERM. Whatever of the tree is still
 * there after the grace time is killed, by pid.
 */

export interface ServerSpec {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stopBy: 'stdin' | 'sigterm';
  readonly startTimeoutMs: number;
  /** Also count processes whose command line contains this (Ray's session folder). */
  readonly marker?: string;
}

/** What the ready line said: the URL, and for the peers their versions and settings. */
export interface ReadyInfo {
  readonly url: string;
  readonly info: Readonly<Record<string, unknown>>;
}

export interface RunningPeer extends ReadyInfo {
  readonly label: string;
  readonly pid: number;
  readonly marker?: string;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 20_000;

/** A ready line's versions and settings, for the report (its url and pid are said apart). */
export function describe(info: Readonly<Record<string, unknown>>): string {
  const rest = Object.fromEntries(Object.entries(info).filter(([key]) => key !== 'url' && key !== 'pid'));
  return Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
}

/** The ready line in what stdout printed so far; null while there is none. */
export function readyLine(stdout: string): ReadyInfo | null {
  const peers = /^PEERS-READY (\{.*\})$/m.exec(stdout);
  if (peers?.[1]) {
    const info = JSON.parse(peers[1]) as Record<string, unknown>;
    if (typeof info.url !== 'string') throw new PeersError('SERVER_START', `a ready line without a url: ${peers[0]}`);
    return { url: info.url, info };
  }
  const ours = /Running on (http:\/\/\S+)/.exec(stdout);
  if (ours?.[1]) return { url: ours[1].endsWith('/') ? ours[1] : `${ours[1]}/`, info: {} };
  return null;
}

function waitReady(child: ChildProcess, spec: ServerSpec): Promise<ReadyInfo> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new PeersError('SERVER_START', `${spec.label} ${why}. Its stderr ends with:\n${stderr.slice(-3000)}`));
    };
    const timer = setTimeout(
      () => fail(`printed no ready line within ${spec.startTimeoutMs / 1000} s (--start-timeout-s)`),
      spec.startTimeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString();
      try {
        const ready = readyLine(stdout);
        if (!ready) return;
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        // From now on stdout is only drained, so that the server never blocks writing to it.
        child.stdout?.removeListener('data', onData);
        child.stdout?.resume();
        resolve(ready);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    };
    child.stdout?.on('data', onData);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (${code ?? signal ?? '?'}) before it was ready`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start (${spec.command}: ${error.message})`));
  });
}

async function stopTree(child: ChildProcess, spec: ServerSpec): Promise<void> {
  const pid = child.pid ?? -1;
  const tree = pid > 0 ? treePids(pid, spec.marker) : [];
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (spec.stopBy === 'stdin') child.stdin?.end();
    else child.kill('SIGTERM');
    const grace = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
    await Promise.race([exited, grace]);
  }
  for (const leftover of tree) {
    try {
      process.kill(leftover, 'SIGKILL');
    } catch {
      // already gone: the usual case
    }
  }
}

export async function startServer(spec: ServerSpec): Promise<RunningPeer> {
  const child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    const ready = await waitReady(child, spec);
    return {
      ...ready,
      label: spec.label,
      pid: child.pid ?? -1,
      ...(spec.marker ? { marker: spec.marker } : {}),
      stop: () => stopTree(child, spec),
    };
  } catch (error) {
    await stopTree(child, spec);
    throw error;
  }
}
