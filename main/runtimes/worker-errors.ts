import { AppError, CancelledError } from '../../preload/shared/errors.js';
import type { RestartDecision, RestartPolicy } from './restart-policy.js';

/**
 * The errors a WorkerHost reports, worded once: what happened to which model or module, and what
 * now. They name the app's own facts (the exit, our limits, the restart time) and never the
 * worker's output, which may hold user data or paths: that goes to the log only. So they are safe
 * to show to any caller (see server/gradio/error-payload.ts).
 */

/** What a crash-loop message advises, by kind of worker. */
export type WorkerKind = 'model' | 'js';

/** "10 ms", "1.5 s", "60 s". */
export function duration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${Number((ms / 1_000).toFixed(1))} s`;
}

/** Local wall-clock time, HH:MM:SS (the log and a local user read it; remote callers get "in N s" too). */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

function advice(kind: WorkerKind): string {
  return kind === 'model'
    ? "Check the model files and free memory; the app's log has the worker's last output."
    : "Check the module for code that exits or crashes the process; the app's log has the worker's last output.";
}

/** The crash-loop sentence: how often, what happened last, until when calls fail. */
export function pausedMessage(
  label: string,
  kind: WorkerKind,
  pause: { readonly crashes: number; readonly reason: string; readonly retryAt: number },
  policy: RestartPolicy,
  now: number,
): string {
  const wait = Math.max(1, Math.ceil((pause.retryAt - now) / 1000));
  return (
    `The worker for ${label} is crashing: it crashed ${pause.crashes} times within ${duration(policy.windowMs)} ` +
    `(last: ${pause.reason}). It is paused, and calls fail at once until it starts again at ${clockTime(pause.retryAt)} ` +
    `(in ${wait} s). ${advice(kind)}`
  );
}

/** For a call made while the worker is paused. */
export function pausedError(...args: Parameters<typeof pausedMessage>): AppError {
  return new AppError('WORKER_PAUSED', pausedMessage(...args));
}

/** For the jobs that were on a worker when it died (`decision` undefined: it died in its first load). */
export function crashError(
  label: string,
  kind: WorkerKind,
  reason: string,
  decision: RestartDecision | undefined,
  policy: RestartPolicy,
  now: number,
): AppError {
  if (!decision) return new AppError('WORKER_CRASHED', `The worker for ${label} crashed while loading (${reason}).`);
  if (decision.paused) {
    const retryAt = now + decision.delayMs;
    return new AppError('WORKER_CRASHED', pausedMessage(label, kind, { crashes: decision.crashes, reason, retryAt }, policy, now));
  }
  return new AppError(
    'WORKER_CRASHED',
    `The worker for ${label} crashed (${reason}); it is being restarted in ${duration(decision.delayMs)} ` +
      `(crash ${decision.crashes} within ${duration(policy.windowMs)}; at ${policy.maxCrashes} it pauses for ${duration(policy.pauseMs)}).`,
  );
}

/** Why a job was asked to stop before its worker was killed for not stopping. */
export type StopCause = 'cancelled' | 'timed out';

export function cancelKillError(label: string, graceMs: number, cause: StopCause): AppError {
  const which = cause === 'cancelled' ? 'a cancelled job' : 'a job that ran past its time limit';
  return new AppError('WORKER_CRASHED', `The worker for ${label} was restarted because ${which} did not stop within ${graceMs / 1000} s.`);
}

/** A JS function ran longer than its `limits.timeoutSeconds`. */
export function timeoutError(functionName: string, timeoutMs: number): AppError {
  return new AppError(
    'LIMIT_EXCEEDED',
    `Function \`${functionName}\` did not finish within ${timeoutMs / 1000} s (limits.timeoutSeconds) and was stopped. ` +
      'If it needs longer, raise limits.timeoutSeconds for it in project.json.',
  );
}

/** A worker went past its memory limit and was killed; `functions` were running on it. */
export function memoryLimitError(label: string, functions: readonly string[], what: string, limitMb: number): AppError {
  const names = [...new Set(functions)].map((name) => `\`${name}\``);
  const who =
    names.length === 0
      ? `The worker for ${label} was stopped`
      : `${names.length === 1 ? 'Function' : 'Functions'} ${names.join(', ')} ${names.length === 1 ? 'was' : 'were'} stopped`;
  return new AppError(
    'LIMIT_EXCEEDED',
    `${who}: the worker for ${label} ${what}, over its limit of ${limitMb} MB (limits.memoryMb). It is being restarted. ` +
      'If the function needs more, raise limits.memoryMb for it in project.json; otherwise look for a leak.',
  );
}

export function unloadedError(label: string): CancelledError {
  return new CancelledError(`The ${label} was unloaded.`);
}

export function disposedError(label: string): AppError {
  return new AppError('INTERNAL', `The ${label} has been shut down.`);
}

export function unsendableInputError(label: string, reason: string): AppError {
  return new AppError('INVALID_INPUT', `The input cannot be passed to the ${label}: ${reason}`);
}
