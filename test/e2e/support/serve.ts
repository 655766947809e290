import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A `demo-desktop serve` child process, started the way a user starts it. */
export interface ServedApp {
  readonly url: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  /** Sends SIGINT and resolves with how the process ended (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** Kills the process at once (SIGKILL: a crash, nothing is said to the clients) and waits for it to end. */
  kill(): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'dist/main/cli/bin.js');
const READY = /Running on (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts `node dist/main/cli/bin.js serve <project> --port <port> [args]` (0: any free port) and
 * waits for its URL on stdout.
 */
export async function serve(project: string, timeoutMs = 60_000, port = 0, args: readonly string[] = []): Promise<ServedApp> {
  if (!existsSync(BIN)) throw new Error(`${path.relative(ROOT, BIN)} is missing: run \`npm run build\` first.`);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'serve', project, '--port', String(port), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not print "Running on http://127.0.0.1:PORT" within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      stdout += chunk;
      const match = READY.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited early (code ${String(code)}, signal ${String(signal)}):\n${log}`));
    });
  });
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  return {
    url: `${url}/`,
    output: () => log,
    stop: (graceMs = 15_000) => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      })();
      return stopping;
    },
    kill: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        return exited;
      })();
      return stopping;
    },
  };
}
