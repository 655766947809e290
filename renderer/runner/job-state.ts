/**
 * One dependency's latest run, as the page shows it.
 *
 *   idle ─submit─► starting ─estimation─► queued ─process_starts─► running ─┬─► completed
 *                     │                     │                        │      ├─► failed
 *                     └─────────────────────┴──────cancel────────────┴──►  cancelling ─► cancelled
 *
 * `progress` and `generating` keep a run in `running`. A terminal state (completed, failed,
 * cancelled) ignores everything but a new `submitted`. Our server answers a cancel with "no
 * change" outputs, which the endpoint reports as `cancelled`; a failure while cancelling (what a
 * Gradio server's `output: {}` makes the client report) is the cancellation itself too:
 * cancellation is an outcome, not an error.
 */

export interface ProgressItem {
  readonly progress: number | null;
  readonly index: number | null;
  readonly length: number | null;
  readonly unit: string | null;
  readonly desc: string | null;
}

export type JobState =
  | { readonly stage: 'idle' }
  | { readonly stage: 'starting'; readonly since: number }
  | {
      readonly stage: 'queued';
      readonly since: number;
      /** 0-based rank in the queue, or null when unknown. */
      readonly position: number | null;
      readonly size: number | null;
      /** Seconds until this run should finish, from the server, or null. */
      readonly eta: number | null;
      /** When the estimate was received, so the page can count down. */
      readonly etaAt: number;
    }
  | {
      readonly stage: 'running';
      readonly since: number;
      readonly startedAt: number;
      /** The function's mean run time in seconds, or null when it never ran. */
      readonly eta: number | null;
      readonly progress: readonly ProgressItem[] | null;
      readonly generating: boolean;
    }
  | { readonly stage: 'cancelling'; readonly since: number }
  | { readonly stage: 'completed'; readonly duration: number }
  | { readonly stage: 'failed'; readonly message: string; readonly title: string | null }
  | { readonly stage: 'cancelled' };

export type JobStage = JobState['stage'];

export type JobEvent =
  | { readonly type: 'submitted'; readonly at: number }
  | {
      readonly type: 'queued';
      readonly at: number;
      readonly position: number | null;
      readonly size: number | null;
      readonly eta: number | null;
    }
  | { readonly type: 'started'; readonly at: number; readonly eta: number | null }
  | { readonly type: 'progress'; readonly at: number; readonly progress: readonly ProgressItem[] }
  | { readonly type: 'generating'; readonly at: number }
  | { readonly type: 'completed'; readonly at: number }
  | { readonly type: 'failed'; readonly message: string; readonly title: string | null }
  | { readonly type: 'cancel-requested'; readonly at: number }
  | { readonly type: 'cancelled' };

export const IDLE: JobState = { stage: 'idle' };

export function isActive(state: JobState): boolean {
  return state.stage === 'starting' || state.stage === 'queued' || state.stage === 'running' || state.stage === 'cancelling';
}

function sinceOf(state: JobState, fallback: number): number {
  return 'since' in state ? state.since : fallback;
}

function running(state: JobState, at: number): Extract<JobState, { stage: 'running' }> {
  if (state.stage === 'running') return state;
  return { stage: 'running', since: sinceOf(state, at), startedAt: at, eta: null, progress: null, generating: false };
}

/** The one transition function for job states; see the diagram above. */
export function jobTransition(state: JobState, event: JobEvent): JobState {
  if (event.type === 'submitted') return { stage: 'starting', since: event.at };
  if (!isActive(state)) return state;
  if (state.stage === 'cancelling') {
    // Late queue or progress news changes nothing; any end is a cancellation, except a result
    // that won the race, which is kept.
    if (event.type === 'completed') return { stage: 'completed', duration: (event.at - state.since) / 1000 };
    if (event.type === 'failed' || event.type === 'cancelled') return { stage: 'cancelled' };
    return state;
  }
  switch (event.type) {
    case 'queued':
      if (state.stage === 'running') return state;
      return {
        stage: 'queued',
        since: sinceOf(state, event.at),
        position: event.position,
        size: event.size,
        eta: event.eta,
        etaAt: event.at,
      };
    case 'started':
      return { ...running(state, event.at), eta: event.eta };
    case 'progress':
      return { ...running(state, event.at), progress: event.progress };
    case 'generating':
      return { ...running(state, event.at), generating: true };
    case 'completed':
      return { stage: 'completed', duration: (event.at - sinceOf(state, event.at)) / 1000 };
    case 'failed':
      return { stage: 'failed', message: event.message, title: event.title };
    case 'cancel-requested':
      return { stage: 'cancelling', since: sinceOf(state, event.at) };
    case 'cancelled':
      return { stage: 'cancelled' };
  }
}
