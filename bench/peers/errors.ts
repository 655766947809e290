/**
 * The peers bench's errors, each with a code and a message that says what to do next. A run stops
 * on the first one: a number measured against a server that misbehaved is not worth printing.
 */
export type PeersErrorCode =
  /** A command-line option is wrong (exit 2, with the help). */
  | 'BAD_OPTION'
  /** A server did not print its ready line in time, or exited first. */
  | 'SERVER_START'
  /** A client process failed to connect or to run its load. */
  | 'LOAD_FAILED'
  /** A server answered something other than the model's output for the check row. */
  | 'WRONG_OUTPUT';

export class PeersError extends Error {
  override readonly name = 'PeersError';
  constructor(
    readonly code: PeersErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
