import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { FROM_DIST_ENV } from '../../main/runtimes/worker-process.js';
import { REPO_ROOT } from '../runtimes/support.js';

/**
 * Runs the real CLI as a child process, as a user's shell would: from the sources through tsx, or
 * from dist/ when `npm test` has just built it and says so (FROM_DIST_ENV; 0.4 s of CPU a start
 * instead of 1.1 s).
 */
function cliCommand(): readonly string[] {
  if (process.env[FROM_DIST_ENV] === '1') return [join(REPO_ROOT, 'dist', 'main', 'cli', 'bin.js')];
  return ['--import', 'tsx', join(REPO_ROOT, 'main', 'cli', 'bin.ts')];
}

export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...cliCommand(), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DEMO_DESKTOP_LOG: 'warn', ...env },
  });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the first stdout line matching `pattern`, or rejects when the process exits first. */
export function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    const onErr = (chunk: Buffer): void => void (stderr += chunk.toString());
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onErr);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing ${String(pattern)}; stderr: ${stderr}`));
    });
  });
}
