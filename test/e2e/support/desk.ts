import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * `demo-desktop` with no arguments (the home screen) as a child process on its own data folder, as
 * a user starts it: `link` is the one-time sign-in link it prints; `stop` is Ctrl-C, resolving to
 * the exit code.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(ROOT, 'dist/main/cli/bin.js');

export interface Desk {
  readonly link: string;
  stop(): Promise<number | null>;
}

export async function startDesk(data: string): Promise<Desk> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--no-browser', '--data-dir', data, '--offline'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', DEMO_DESKTOP_CACHE: path.join(data, 'cache') },
  });
  let out = '';
  const link = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const found = /Home screen: (http:\/\/127\.0\.0\.1:\d+\/home\?token=\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`demo-desktop exited with ${String(code)}:\n${out}`)));
  });
  return {
    link,
    stop: () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      return exited;
    },
  };
}
