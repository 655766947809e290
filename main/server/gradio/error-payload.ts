import { toAppError, type ErrorCode } from '../../../preload/shared/errors.js';
import type { ErrorPayload } from './messages.js';

/**
 * AppError → Gradio's error payload (doc §1.14). Errors whose message is written for the user
 * (bad input, missing model, offline, ...) play the part of `gr.Error`: always shown with a title.
 * So are the worker's crash, crash-loop pause and limit errors: the app words them from its own
 * facts (which model or module, the exit, how often, until when, which limit), never from the
 * worker's output (see runtimes/worker-errors.ts), and a caller needs them to know whether and when
 * to try again. Failures inside user code or the app (FUNCTION_FAILED, INTERNAL) are shown only
 * with `showError`, like Gradio's `launch(show_error=True)`; otherwise `{error: null}`.
 */

const ALWAYS_SHOWN: ReadonlySet<ErrorCode> = new Set([
  'INVALID_INPUT',
  'MODEL_NOT_FOUND',
  'MODEL_LOAD_FAILED',
  'FUNCTION_NOT_FOUND',
  'QUEUE_FULL',
  'NOT_FOUND',
  'OFFLINE',
  'DOWNLOAD_FAILED',
  'UNSUPPORTED',
  'WORKER_CRASHED',
  'WORKER_PAUSED',
  'LIMIT_EXCEEDED',
]);

export function toErrorPayload(error: unknown, showError: boolean): ErrorPayload {
  const appError = toAppError(error);
  if (ALWAYS_SHOWN.has(appError.code)) {
    return { error: appError.message, visible: true, duration: 10, title: 'Error' };
  }
  if (showError) return { error: appError.message, visible: true };
  return { error: null };
}
