import type { Run } from './line-types.js';
import type { RunJobs } from './scheduler-types.js';

/**
 * Hands a run to the line's run function; `ended` hears its values, or its error (a throw as much
 * as a rejection: the run's jobs fail either way, and the line goes on).
 */
export function handRun(
  execute: RunJobs,
  run: Run,
  ended: (run: Run, values: readonly unknown[] | undefined, error: unknown) => void,
): void {
  let running: Promise<readonly unknown[]>;
  try {
    running = execute(run.handed);
  } catch (error) {
    running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  running.then(
    (values) => ended(run, values, undefined),
    (error: unknown) => ended(run, undefined, error ?? new Error('failed')),
  );
}
