/**
 * The state of one scheduled job. One transition function; terminal states never change.
 *
 *   queued ──► running ──► completed
 *     │          ├───────► failed
 *     └──────────┴───────► cancelled
 */
export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export type JobEvent = 'start' | 'complete' | 'fail' | 'cancel';

export function transition(state: JobState, event: JobEvent): JobState {
  switch (state) {
    case 'queued':
      if (event === 'start') return 'running';
      if (event === 'cancel') return 'cancelled';
      break;
    case 'running':
      if (event === 'complete') return 'completed';
      if (event === 'fail') return 'failed';
      if (event === 'cancel') return 'cancelled';
      break;
    case 'completed':
    case 'failed':
    case 'cancelled':
      break;
  }
  throw new Error(`Invalid job transition: ${state} --${event}-->`);
}
