/**
 * Typed errors. Every error that crosses a boundary (HTTP, IPC, worker) carries a stable code and a
 * message that says what to do next; across wires it travels as `{ code, message }`.
 */
export const ERROR_CODES = [
  'INVALID_PROJECT',
  'INVALID_INPUT',
  'MODEL_NOT_FOUND',
  'MODEL_LOAD_FAILED',
  'FUNCTION_NOT_FOUND',
  'FUNCTION_FAILED',
  'WORKER_CRASHED',
  /** A worker crashed too often and is paused until a stated time; calls fail at once meanwhile. */
  'WORKER_PAUSED',
  /** A function went past one of its `limits` (time, memory) and was stopped. */
  'LIMIT_EXCEEDED',
  'QUEUE_FULL',
  'CANCELLED',
  'NOT_FOUND',
  'OFFLINE',
  'DOWNLOAD_FAILED',
  'UNSUPPORTED',
  /** A share tunnel could not be opened or kept; the message names the step and what to do. */
  'TUNNEL_FAILED',
  /** The local database (main/store/) is damaged; it is moved aside and a fresh one started. */
  'STORE_CORRUPT',
  /** Another process holds the local database locked past the busy timeout. */
  'STORE_LOCKED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The wire form of an error. */
export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly message: string;
}

export class AppError extends Error {
  override readonly name: string = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }

  static fromPayload(payload: ErrorPayload): AppError {
    return new AppError(payload.code, payload.message);
  }
}

/** Cancellation is an outcome, not a failure: never logged as an error, never retried. */
export class CancelledError extends AppError {
  override readonly name = 'CancelledError';
  constructor(message = 'The job was cancelled.') {
    super('CANCELLED', message);
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof AppError && error.code === 'CANCELLED';
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Normalises anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(error: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) {
    if (error.name === 'AbortError') return new CancelledError();
    return new AppError(fallback, error.message, { cause: error });
  }
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    if (isErrorCode(record.code) && typeof record.message === 'string') {
      return new AppError(record.code, record.message);
    }
  }
  return new AppError(fallback, String(error));
}
