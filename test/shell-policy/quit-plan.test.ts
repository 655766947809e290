import { describe, expect, it } from 'vitest';
import { QUIT_ORDER, runQuitPlan, type QuitOutcome, type QuitSteps } from '../../main/shell-policy/quit-plan.js';

function steps(log: string[], overrides: Partial<QuitSteps> = {}): QuitSteps {
  const step = (name: string) => async () => {
    await Promise.resolve();
    log.push(name);
  };
  return {
    windows: step('windows'),
    tunnels: step('tunnels'),
    projects: step('projects'),
    'app-server': step('app-server'),
    ...overrides,
  };
}

describe('runQuitPlan', () => {
  it('stops windows, then tunnels, then the projects and their workers, then the app server', async () => {
    expect(QUIT_ORDER).toEqual(['windows', 'tunnels', 'projects', 'app-server']);
    const log: string[] = [];
    const seen: QuitOutcome[] = [];
    const outcomes = await runQuitPlan(steps(log), { stepTimeoutMs: 60_000, onStep: (o) => seen.push(o) });
    expect(log).toEqual(['windows', 'tunnels', 'projects', 'app-server']);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(seen).toEqual(outcomes);
  });

  it('goes on past a step that fails, synchronously or not, and says which failed', async () => {
    const log: string[] = [];
    const outcomes = await runQuitPlan(
      steps(log, {
        windows: () => {
          throw new Error('a window would not close');
        },
        projects: () => Promise.reject(new Error('worker 3 did not exit')),
      }),
      { stepTimeoutMs: 60_000 },
    );
    expect(log).toEqual(['tunnels', 'app-server']);
    expect(outcomes).toEqual([
      { step: 'windows', ok: false, error: 'a window would not close' },
      { step: 'tunnels', ok: true },
      { step: 'projects', ok: false, error: 'worker 3 did not exit' },
      { step: 'app-server', ok: true },
    ]);
  });

  it('goes on past a step that hangs once its time is up', async () => {
    const log: string[] = [];
    const outcomes = await runQuitPlan(steps(log, { tunnels: () => new Promise<void>(() => undefined) }), { stepTimeoutMs: 50 });
    expect(log).toEqual(['windows', 'projects', 'app-server']);
    expect(outcomes[1]).toEqual({ step: 'tunnels', ok: false, error: 'did not finish within 50 ms' });
  });
});
