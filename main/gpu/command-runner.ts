import { execFile, type ExecFileException } from 'node:child_process';
import { CancelledError } from '../../preload/shared/errors.js';

/**
 * Runs a system tool (nvidia-smi, rocm-smi, ...) without a shell and reports how it went as a value:
 * a missing tool, a timeout or a non-zero exit are normal answers for detection, not exceptions.
 * Only cancellation rejects (with CancelledError), because cancellation is the caller's own doing.
 */

export type CommandOutcome =
  | { readonly kind: 'ok'; readonly stdout: string; readonly stderr: string }
  /** The executable is not installed (ENOENT) or not runnable (EACCES). */
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'timeout'; readonly message: string }
  | {
      readonly kind: 'failed';
      readonly message: string;
      /** The exit code, or the signal that ended it (a native crash: SIGSEGV, SIGABRT). */
      readonly exit: number | NodeJS.Signals | null;
      readonly stdout: string;
      readonly stderr: string;
    };

export interface CommandOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

export interface CommandRunner {
  run(file: string, args: readonly string[], options: CommandOptions): Promise<CommandOutcome>;
}

export interface ExecFileRunnerOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Output beyond this fails the command rather than growing without bound. */
  readonly maxBufferBytes?: number;
  /**
   * After the tool exits, how long to wait for its output pipes to close. A grandchild that
   * inherited them (a wrapper script's background job) must not keep the answer waiting.
   */
  readonly closeGraceMs?: number;
}

/** The default runner: child_process.execFile, no shell, killed with SIGKILL on timeout. */
export function createExecFileRunner(options: ExecFileRunnerOptions = {}): CommandRunner {
  const maxBuffer = options.maxBufferBytes ?? 4 * 1024 * 1024;
  const closeGraceMs = options.closeGraceMs ?? 250;
  return {
    run(file, args, { timeoutMs, signal }) {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      return new Promise<CommandOutcome>((resolve, reject) => {
        const label = describeCommand(file, args);
        let graceTimer: NodeJS.Timeout | undefined;
        const child = execFile(
          file,
          [...args],
          {
            encoding: 'utf8',
            timeout: timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer,
            windowsHide: true,
            shell: false,
            env: options.env ?? process.env,
            ...(signal ? { signal } : {}),
          },
          (error, stdout, stderr) => {
            clearTimeout(graceTimer);
            if (!error) {
              resolve({ kind: 'ok', stdout, stderr });
              return;
            }
            if (error.name === 'AbortError' || signal?.aborted) {
              reject(new CancelledError());
              return;
            }
            resolve(classify(error, file, label, timeoutMs, stdout, stderr));
          },
        );
        child.once('exit', () => {
          graceTimer = setTimeout(() => {
            child.stdout?.destroy();
            child.stderr?.destroy();
          }, closeGraceMs);
        });
      });
    },
  };
}

function classify(
  error: ExecFileException,
  file: string,
  label: string,
  timeoutMs: number,
  stdout: string,
  stderr: string,
): CommandOutcome {
  if (error.code === 'ENOENT' || error.code === 'EACCES') {
    return { kind: 'not-found', message: `${file} is not installed or not on PATH (${error.code}).` };
  }
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return { kind: 'failed', message: `${label} printed more output than expected and was stopped.`, exit: null, stdout, stderr };
  }
  if (error.killed && error.signal === 'SIGKILL') {
    return { kind: 'timeout', message: `${label} did not answer within ${timeoutMs} ms and was stopped.` };
  }
  const detail = firstLine(stderr) || firstLine(stdout) || error.message;
  const exit = typeof error.code === 'number' ? error.code : (error.signal ?? null);
  const status = typeof exit === 'number' ? `exit code ${exit}` : (exit ?? error.code ?? 'error');
  return { kind: 'failed', message: `${label} failed (${status}): ${detail}`, exit, stdout, stderr };
}

/** The command as a reader would type it, shortened: an inline script argument can be long. */
function describeCommand(file: string, args: readonly string[]): string {
  const text = [file, ...args].join(' ').replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The first non-blank line of a tool's output, trimmed and shortened (for a one-line reason). */
export function firstLine(text: string): string {
  return (text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim().slice(0, 300);
}
