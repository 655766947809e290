/**
 * The life of one worker slot (WorkerHost), as data. The host owns the process, timers and jobs;
 * this file only says which state follows which, so the rules live in one place and can be tested
 * without processes.
 *
 *                 spawned                 loaded
 *     idle ─────────────────► starting ───────────► ready ◄───────────┐
 *      ▲ ▲                      │  ▲                 │ job-started     │ job-finished
 *      │ │ load-failed          │  │ spawned         ▼                 │ (last job)
 *      │ └──────────────────────┤  │               busy ───────────────┘
 *      │                        │  │                 │
 *      │                 exited │  restarting        │ exited (crash, OOM, memory limit,
 *      │                        │  or paused         │         kill after cancel grace)
 *      │                        ▼  ▲                 │
 *      │   load-failed ◄──── crashed ◄───────────────┘
 *      │   (first load)     restart-scheduled → restarting (backoff; 0 ms after a cancel kill)
 *      │                    paused → paused (maxCrashes within the window: calls fail at once
 *      │                             until retryAt, when it spawns by itself)
 *      │
 *      └── unloaded ── (starting | ready | busy | crashed | restarting | paused)
 *
 *     any ── disposed ──► stopped   (terminal)
 *
 * Events that do not apply to a state leave it unchanged: the host reacts to asynchronous process
 * events (an exit can race an unload), and ignoring a late event is always the right answer.
 */
export type WorkerState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting'; readonly pid: number; readonly restart: boolean }
  | { readonly kind: 'ready'; readonly pid: number }
  | { readonly kind: 'busy'; readonly pid: number; readonly jobs: number }
  | { readonly kind: 'crashed'; readonly reason: string }
  | { readonly kind: 'restarting'; readonly reason: string; readonly delayMs: number }
  /** Crashed `crashes` times within the policy window; starts again at `retryAt` (epoch ms) or on an explicit load. */
  | { readonly kind: 'paused'; readonly reason: string; readonly crashes: number; readonly retryAt: number }
  | { readonly kind: 'stopped' };

export type WorkerStateKind = WorkerState['kind'];

export type WorkerEvent =
  | { readonly type: 'spawned'; readonly pid: number; readonly restart: boolean }
  | { readonly type: 'loaded' }
  | { readonly type: 'load-failed' }
  | { readonly type: 'job-started' }
  | { readonly type: 'job-finished' }
  | { readonly type: 'exited'; readonly reason: string }
  | { readonly type: 'restart-scheduled'; readonly delayMs: number }
  | { readonly type: 'paused'; readonly crashes: number; readonly retryAt: number }
  | { readonly type: 'unloaded' }
  | { readonly type: 'disposed' };

export const INITIAL_WORKER_STATE: WorkerState = { kind: 'idle' };

export function transition(state: WorkerState, event: WorkerEvent): WorkerState {
  if (state.kind === 'stopped') return state;
  switch (event.type) {
    case 'disposed':
      return { kind: 'stopped' };
    case 'unloaded':
      return { kind: 'idle' };
    case 'spawned':
      return state.kind === 'idle' || state.kind === 'restarting' || state.kind === 'paused'
        ? { kind: 'starting', pid: event.pid, restart: event.restart }
        : state;
    case 'loaded':
      return state.kind === 'starting' ? { kind: 'ready', pid: state.pid } : state;
    case 'load-failed':
      return state.kind === 'starting' || state.kind === 'crashed' ? { kind: 'idle' } : state;
    case 'job-started':
      if (state.kind === 'ready') return { kind: 'busy', pid: state.pid, jobs: 1 };
      if (state.kind === 'busy') return { ...state, jobs: state.jobs + 1 };
      return state;
    case 'job-finished':
      if (state.kind !== 'busy') return state;
      return state.jobs > 1 ? { ...state, jobs: state.jobs - 1 } : { kind: 'ready', pid: state.pid };
    case 'exited':
      return state.kind === 'starting' || state.kind === 'ready' || state.kind === 'busy'
        ? { kind: 'crashed', reason: event.reason }
        : state;
    case 'restart-scheduled':
      return state.kind === 'crashed' ? { kind: 'restarting', reason: state.reason, delayMs: event.delayMs } : state;
    case 'paused':
      return state.kind === 'crashed' ? { kind: 'paused', reason: state.reason, crashes: event.crashes, retryAt: event.retryAt } : state;
  }
}

/** True when a process is alive and has a model loaded (jobs can be sent to it). */
export function isServing(state: WorkerState): state is Extract<WorkerState, { kind: 'ready' | 'busy' }> {
  return state.kind === 'ready' || state.kind === 'busy';
}
