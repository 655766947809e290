import { describe, expect, it } from 'vitest';
import { CrashHistory } from '../../main/runtimes/restart-policy.js';
import { INITIAL_WORKER_STATE, transition, type WorkerEvent, type WorkerState } from '../../main/runtimes/worker-state.js';

function run(events: readonly WorkerEvent[], from: WorkerState = INITIAL_WORKER_STATE): WorkerState {
  return events.reduce(transition, from);
}

describe('worker state machine', () => {
  it('starts, serves jobs and counts them in busy', () => {
    const ready = run([{ type: 'spawned', pid: 10, restart: false }, { type: 'loaded' }]);
    expect(ready).toEqual({ kind: 'ready', pid: 10 });
    const busy = run([{ type: 'job-started' }, { type: 'job-started' }], ready);
    expect(busy).toEqual({ kind: 'busy', pid: 10, jobs: 2 });
    expect(run([{ type: 'job-finished' }], busy)).toEqual({ kind: 'busy', pid: 10, jobs: 1 });
    expect(run([{ type: 'job-finished' }, { type: 'job-finished' }], busy)).toEqual({ kind: 'ready', pid: 10 });
  });

  it('goes crashed → restarting → starting → ready after a crash', () => {
    const busy: WorkerState = { kind: 'busy', pid: 10, jobs: 1 };
    const crashed = transition(busy, { type: 'exited', reason: 'exit code 1' });
    expect(crashed).toEqual({ kind: 'crashed', reason: 'exit code 1' });
    const restarting = transition(crashed, { type: 'restart-scheduled', delayMs: 100 });
    expect(restarting).toEqual({ kind: 'restarting', reason: 'exit code 1', delayMs: 100 });
    expect(run([{ type: 'spawned', pid: 11, restart: true }, { type: 'loaded' }], restarting)).toEqual({ kind: 'ready', pid: 11 });
  });

  it('pauses after too many crashes, keeping the last reason and when it starts again; a spawn ends the pause', () => {
    const paused = run([{ type: 'paused', crashes: 5, retryAt: 1_000 }], { kind: 'crashed', reason: 'exit code 1' });
    expect(paused).toEqual({ kind: 'paused', reason: 'exit code 1', crashes: 5, retryAt: 1_000 });
    expect(transition(paused, { type: 'spawned', pid: 3, restart: true }).kind).toBe('starting');
    expect(transition(paused, { type: 'unloaded' }).kind).toBe('idle');
    // Only a crash can pause.
    expect(transition({ kind: 'ready', pid: 1 }, { type: 'paused', crashes: 5, retryAt: 1_000 }).kind).toBe('ready');
  });

  it('ignores events that do not apply, and stopped is terminal', () => {
    const idle = INITIAL_WORKER_STATE;
    expect(transition(idle, { type: 'loaded' })).toBe(idle);
    expect(transition(idle, { type: 'exited', reason: 'late' })).toBe(idle);
    expect(transition({ kind: 'ready', pid: 1 }, { type: 'spawned', pid: 2, restart: false })).toEqual({ kind: 'ready', pid: 1 });
    const stopped = transition({ kind: 'busy', pid: 1, jobs: 3 }, { type: 'disposed' });
    expect(stopped).toEqual({ kind: 'stopped' });
    expect(transition(stopped, { type: 'spawned', pid: 2, restart: false })).toBe(stopped);
    expect(transition({ kind: 'busy', pid: 1, jobs: 3 }, { type: 'unloaded' })).toEqual({ kind: 'idle' });
  });
});

describe('crash history', () => {
  it('backs off exponentially and pauses after maxCrashes within the window', () => {
    const history = new CrashHistory({ maxCrashes: 3, windowMs: 1_000, initialDelayMs: 100, maxDelayMs: 150, pauseMs: 400 });
    expect(history.record(0)).toEqual({ paused: false, delayMs: 100, crashes: 1 });
    expect(history.record(10)).toEqual({ paused: false, delayMs: 150, crashes: 2 });
    expect(history.record(20)).toEqual({ paused: true, delayMs: 400, crashes: 3 });
    // Crashing again right after the pause, still inside the window: paused again at once.
    expect(history.record(430)).toEqual({ paused: true, delayMs: 400, crashes: 4 });
    expect(history.recent(500)).toBe(4);
    // Outside the window the old crashes no longer count.
    expect(history.recent(1_500)).toBe(0);
    expect(history.record(1_500)).toEqual({ paused: false, delayMs: 100, crashes: 1 });
  });
});
