import { AppError, type ErrorCode } from '../../preload/shared/errors.js';

/**
 * An error that already knows its HTTP answer. Handlers throw it; the server turns it into
 * `{detail}` JSON (FastAPI's shape, which both Gradio clients read) with the status.
 */
export class HttpError extends AppError {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    /** What goes into the `detail` field; the message unless a structured detail is needed. */
    readonly detail: unknown = message,
    /** Plain-text answers: Gradio's 413 from /upload is text/plain, not JSON. */
    readonly plainText = false,
    /** Extra response headers, e.g. `WWW-Authenticate` on a 401 or `Retry-After` on a 429/503. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(codeForStatus(status), message);
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 404) return 'NOT_FOUND';
  if (status === 503) return 'QUEUE_FULL';
  if (status >= 400 && status < 500) return 'INVALID_INPUT';
  return 'INTERNAL';
}
