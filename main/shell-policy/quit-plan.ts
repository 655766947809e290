/**
 * The order the app stops in, as data: what shows work first (so nobody starts a job on a server
 * that is going away), then what reaches out (tunnels: share links), then what does the work (the
 * projects' demo servers and their worker processes), then the app server that served the home
 * screen and the editor. Each step runs even when one before it failed or hung past its time, so
 * one stuck worker cannot leave the others (and their memory) behind.
 */
export type QuitStepName = 'windows' | 'tunnels' | 'projects' | 'app-server';

export const QUIT_ORDER: readonly QuitStepName[] = ['windows', 'tunnels', 'projects', 'app-server'];

export type QuitSteps = { readonly [S in QuitStepName]: () => Promise<void> };

export interface QuitOutcome {
  readonly step: QuitStepName;
  readonly ok: boolean;
  /** Why it failed: its error's message, or that it ran past `stepTimeoutMs`. */
  readonly error?: string;
}

export interface QuitOptions {
  /** A step that has not settled by then counts as failed and the next one starts. */
  readonly stepTimeoutMs: number;
  readonly onStep?: (outcome: QuitOutcome) => void;
}

/** Runs the steps in QUIT_ORDER; resolves (never rejects) with every step's outcome. */
export async function runQuitPlan(steps: QuitSteps, options: QuitOptions): Promise<QuitOutcome[]> {
  const outcomes: QuitOutcome[] = [];
  for (const step of QUIT_ORDER) {
    const outcome = await runStep(step, steps[step], options.stepTimeoutMs);
    outcomes.push(outcome);
    options.onStep?.(outcome);
  }
  return outcomes;
}

async function runStep(step: QuitStepName, run: () => Promise<void>, timeoutMs: number): Promise<QuitOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<QuitOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ step, ok: false, error: `did not finish within ${timeoutMs} ms` }), timeoutMs);
  });
  const attempt = Promise.resolve()
    .then(run)
    .then(
      (): QuitOutcome => ({ step, ok: true }),
      (error: unknown): QuitOutcome => ({ step, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
