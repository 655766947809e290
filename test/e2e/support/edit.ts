import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A `demo-desktop edit` child process, started the way a user starts it. */
export interface EditedApp {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The one-time login URL it printed first (`<origin>/editor?token=...`). */
  readonly loginUrl: string;
  /** A fresh one-time login URL (Enter on its stdin; each link signs in once). */
  newLoginUrl(): Promise<string>;
  output(): string;
  stop(graceMs?: number): Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'dist/main/cli/bin.js');
const LOGIN = /(http:\/\/127\.0\.0\.1:\d+)\/editor\?token=[\w-]+/;

/**
 * Starts `node dist/main/cli/bin.js edit [project] --port 0 --no-browser` with its own data folder
 * (recent projects) and waits for the login URL on stdout.
 */
export async function edit(project: string | null, dataDir: string, cwd = ROOT, timeoutMs = 60_000): Promise<EditedApp> {
  if (!existsSync(BIN)) throw new Error(`${path.relative(ROOT, BIN)} is missing: run \`npm run build\` first.`);
  const args = [BIN, 'edit', ...(project ? [project] : []), '--port', '0', '--no-browser'];
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DEMO_DESKTOP_DATA: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  let stdout = '';
  let onOutput = (): void => undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
    stdout += chunk;
    onOutput();
  });
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`edit did not print its login URL within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    onOutput = () => {
      const found = LOGIN.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`edit exited early (code ${String(code)}, signal ${String(signal)}):\n${log}`));
    });
  });
  /** Login URLs printed so far; the first was used for `loginUrl`. */
  let seen = 1;
  const newLoginUrl = (): Promise<string> =>
    new Promise<string>((resolve) => {
      const wanted = seen + 1;
      onOutput = () => {
        const all = [...stdout.matchAll(new RegExp(LOGIN.source, 'g'))];
        const next = all[wanted - 1];
        if (next) {
          seen = wanted;
          resolve(next[0]);
        }
      };
      child.stdin.write('\n');
    });
  let stopping: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  return {
    origin: match[1] ?? '',
    loginUrl: match[0],
    newLoginUrl,
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
  };
}
