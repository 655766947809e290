import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A `demo-desktop edit` child process, started the way a user starts it (no browser opened). */
export interface EditorProcess {
  /** The one-time sign-in link it printed (the page exchanges it for the session cookie). */
  readonly loginUrl: string;
  readonly origin: string;
  output(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'dist/main/cli/bin.js');
const LINK = /Editor: (http:\/\/127\.0\.0\.1:\d+)(\/\S*token=\S+)/;

/**
 * Starts `demo-desktop edit <project> --no-browser --port 0` and waits for its sign-in link. Its
 * data folder (recent projects) is `test-results/editor-data`, never the user's.
 */
export async function startEditorProcess(project: string, args: readonly string[] = [], timeoutMs = 60_000): Promise<EditorProcess> {
  if (!existsSync(BIN)) throw new Error(`${path.relative(ROOT, BIN)} is missing: run \`npm run build\` first.`);
  const dataDir = path.join(ROOT, 'test-results', 'editor-data');
  const child = spawn(process.execPath, [BIN, 'edit', project, '--no-browser', '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`edit printed no sign-in link within ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const found = LINK.exec(log);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`edit exited early:\n${log}`));
    });
  });
  return {
    origin: match[1] ?? '',
    loginUrl: `${match[1] ?? ''}${match[2] ?? ''}`,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
