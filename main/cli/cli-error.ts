/** A usage error: the message is printed with a hint to run --help, and the process exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** Exit codes: 0 ok, 1 runtime failure, 2 bad usage or an invalid project, 130 interrupted twice. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A failure the command has already explained on stderr: the process exits with `exitCode` and prints nothing more. */
export class ReportedError extends Error {
  override readonly name = 'ReportedError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
