/**
 * The wait before reconnect attempt `attempt` (1-based): exponential from `baseMs`, capped at
 * `capMs`, with "equal jitter" (half fixed, half random) so that many clients dropped by one
 * server restart do not come back in lockstep, while no wait is shorter than half the schedule.
 * Invariants: baseMs/2 <= result <= capMs; the upper bound doubles per attempt until the cap.
 */
export function backoffDelay(attempt: number, options: { baseMs?: number; capMs?: number; random?: () => number } = {}): number {
  const { baseMs = 500, capMs = 30_000, random = Math.random } = options;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
