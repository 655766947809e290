import { clientsOf, type SearchLimits, type Stop, type StopReason, type TrialConfig, type TrialResult } from './tune-types.js';

/**
 * The knee search, pure: `measure` runs a trial (the real engine in `tune`, a table in tests).
 * For each batch size (1, 2, 4, ... for batchable functions) the concurrency limit doubles from 1
 * until throughput stops rising (a step that does not beat the best by `minGain`, twice in a row:
 * one dip on a busy machine does not end a direction), p95 passes the latency target, worker
 * memory passes (or is predicted to pass) the budget, or the time budget runs out. Batch sizes
 * grow while the best of a size beats the best so far, with the same patience. The chosen setting
 * is the smallest (fewest requests in flight) whose throughput is within `CHOOSE_WITHIN` of the
 * best eligible trial: as fast, less memory and less latency.
 */

/** A trial, or null when the time budget has no room for one. */
export type Measure = (config: TrialConfig) => Promise<TrialResult | null>;

export interface SearchOutcome {
  readonly trials: readonly TrialResult[];
  readonly stops: readonly Stop[];
  /** Null when no trial met the latency target without failures (see `stops`). */
  readonly chosen: TrialResult | null;
}

/** A setting within 3% of the best is as good as it (less than a busy machine's noise). */
export const CHOOSE_WITHIN = 0.03;

/** Steps that may fail to rise before a direction stops. */
const PATIENCE = 1;

export function eligible(result: TrialResult, limits: SearchLimits): boolean {
  return result.stoppedBy === undefined && result.failed === 0 && result.completed > 0 && result.p95Ms <= limits.latencyTargetMs;
}

export function choose(trials: readonly TrialResult[], limits: SearchLimits): TrialResult | null {
  const ok = trials.filter((trial) => eligible(trial, limits));
  const best = Math.max(0, ...ok.map((trial) => trial.throughput));
  const good = ok.filter((trial) => trial.throughput >= best * (1 - CHOOSE_WITHIN));
  const cost = (t: TrialResult): number => t.config.replicas * 1e6 + clientsOf(t.config) * 1e3 + t.config.concurrency;
  return good.sort((a, b) => cost(a) - cost(b))[0] ?? null;
}

const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
const rate = (t: TrialResult): string => `${t.throughput.toFixed(1)} req/s`;

/** Linear from the last two steps: the memory the next step would need, or null without two readings. */
export function predictMemory(path: readonly TrialResult[], next: number, axis: (c: TrialConfig) => number): number | null {
  const [a, b] = path.slice(-2);
  if (!a || !b || a.peakWorkerBytes === null || b.peakWorkerBytes === null) return null;
  const slope = (b.peakWorkerBytes - a.peakWorkerBytes) / (axis(b.config) - axis(a.config));
  return b.peakWorkerBytes + Math.max(0, slope) * (next - axis(b.config));
}

function overBudget(result: TrialResult, limits: SearchLimits): string | null {
  if (result.stoppedBy === 'memory') return `the memory watchdog stopped the trial: ${result.error ?? 'memory ran low'}`;
  if (result.peakWorkerBytes !== null && result.peakWorkerBytes > limits.memoryBudgetBytes) {
    return `workers used ${mb(result.peakWorkerBytes)}, past the ${mb(limits.memoryBudgetBytes)} budget`;
  }
  if (limits.gpuBudgetBytes !== null && result.peakGpuBytes !== null && result.peakGpuBytes > limits.gpuBudgetBytes) {
    return `the GPU held ${mb(result.peakGpuBytes)}, past its ${mb(limits.gpuBudgetBytes)} free memory`;
  }
  return null;
}

/** A p95 this far past the target ends a direction at once; nearer, it may be a busy moment (patience applies). */
export const LATENCY_HARD_FACTOR = 2;

/**
 * Why a measured step ends its direction at once (memory, failures, a p95 far past the target),
 * or why it does not count (a p95 a little past the target: `soft`), or null.
 */
export function hardStop(result: TrialResult, limits: SearchLimits): { reason: StopReason; detail: string; soft?: true } | null {
  const memory = overBudget(result, limits);
  if (memory) return { reason: 'memory', detail: memory };
  if (result.completed === 0 || result.failed > 0) {
    return { reason: 'failed', detail: `${result.failed} request(s) failed${result.error ? `: ${result.error}` : ''}` };
  }
  if (result.p95Ms > limits.latencyTargetMs) {
    const detail = `p95 ${Math.round(result.p95Ms)} ms passed the ${Math.round(limits.latencyTargetMs)} ms target`;
    return result.p95Ms > LATENCY_HARD_FACTOR * limits.latencyTargetMs
      ? { reason: 'latency', detail }
      : { reason: 'latency', detail, soft: true };
  }
  return null;
}

export interface ClimbStep {
  readonly config: TrialConfig;
  /** Memory predicted for this step, checked before it runs. */
  readonly predictedBytes: number | null;
}

/**
 * One direction: `steps` in order until a stop. Returns the trials it ran (in order), the best
 * eligible one, and the stop (null when the steps ran out).
 */
async function climb(
  direction: Stop['direction'],
  configs: readonly TrialConfig[],
  axis: (c: TrialConfig) => number,
  measure: Measure,
  limits: SearchLimits,
): Promise<{ path: TrialResult[]; best: TrialResult | null; stop: Stop | null }> {
  const path: TrialResult[] = [];
  let best: TrialResult | null = null;
  let stale = 0;
  let soft: Stop | null = null;
  for (const config of configs) {
    const predicted = predictMemory(path, axis(config), axis);
    if (predicted !== null && predicted > limits.memoryBudgetBytes) {
      const detail = `the next step would need about ${mb(predicted)} of worker memory, past the ${mb(limits.memoryBudgetBytes)} budget`;
      return { path, best, stop: { direction, reason: 'memory', at: config, detail } };
    }
    const result = await measure(config);
    if (!result) return { path, best, stop: { direction, reason: 'budget', at: config, detail: 'the time budget ran out' } };
    path.push(result);
    const hard = hardStop(result, limits);
    if (hard && !hard.soft) return { path, best, stop: { direction, at: config, reason: hard.reason, detail: hard.detail } };
    soft = hard ? { direction, at: config, reason: hard.reason, detail: hard.detail } : null;
    if (soft) {
      if (++stale > PATIENCE) return { path, best, stop: soft };
    } else if (!best || result.throughput > best.throughput * (1 + limits.minGain)) {
      best = result;
      stale = 0;
    } else if (++stale > PATIENCE) {
      const detail = `throughput stopped rising: ${rate(result)} against ${rate(best)} at ${describe(best.config)}`;
      return { path, best, stop: { direction, reason: 'throughput', at: config, detail } };
    } else if (result.throughput > best.throughput) best = result;
  }
  // The steps ran out: a last step past the target still says why the direction ends there.
  return { path, best, stop: soft };
}

export function describe(config: TrialConfig): string {
  const batch = config.batch > 1 ? `, batch ${config.batch}` : '';
  const replicas = config.replicas > 1 ? `, ${config.replicas} replicas` : '';
  return `concurrency ${config.concurrency}${batch}${replicas}`;
}

export function doublings(max: number): number[] {
  const steps: number[] = [];
  for (let n = 1; n <= max; n *= 2) steps.push(n);
  return steps;
}

/** Concurrency steps of one batch size, within maxClients. */
function concurrencySteps(batch: number, replicas: number, limits: SearchLimits): TrialConfig[] {
  return doublings(limits.maxConcurrency)
    .filter((concurrency) => concurrency * batch <= limits.maxClients)
    .map((concurrency) => ({ concurrency, batch, replicas }));
}

/** The whole search at one replica count (see the file comment). */
export async function searchSettings(measure: Measure, limits: SearchLimits, replicas = 1): Promise<SearchOutcome> {
  const trials: TrialResult[] = [];
  const stops: Stop[] = [];
  const recorded: Measure = async (config) => {
    const result = await measure(config);
    if (result) trials.push(result);
    return result;
  };
  let best: TrialResult | null = null;
  let stale = 0;
  for (const batch of doublings(limits.maxBatch)) {
    const row = await climb('concurrency', concurrencySteps(batch, replicas, limits), (c) => c.concurrency, recorded, limits);
    if (row.stop) stops.push(row.stop);
    const first = row.path[0];
    // A batch size whose first step already passes the memory budget or fails: larger batches only need more.
    const blocked = !row.best && (row.stop?.reason === 'memory' || row.stop?.reason === 'failed') && row.stop.at === first?.config;
    if (row.stop?.reason === 'budget' || blocked) break;
    if (row.best && (!best || row.best.throughput > best.throughput * (1 + limits.minGain))) {
      best = row.best;
      stale = 0;
    } else if (++stale > PATIENCE) {
      const at = row.best?.config ?? { concurrency: 1, batch, replicas };
      const detail = best
        ? `larger batches stopped helping: ${row.best ? rate(row.best) : 'nothing'} at batch ${batch} against ${rate(best)} at ${describe(best.config)}`
        : 'no batch size met the latency target';
      stops.push({ direction: 'batch', reason: 'throughput', at, detail });
      break;
    } else if (row.best && best && row.best.throughput > best.throughput) best = row.best;
  }
  return { trials, stops, chosen: choose(trials, limits) };
}

/** More replicas must beat the best by this much to be worth their memory and start time. */
export const REPLICA_GAIN = 0.1;

/**
 * Replicas of the function's models, doubling from the chosen setting (its concurrency scaled
 * with them, one set of slots per process) while each step beats the best by REPLICA_GAIN and the
 * workers' memory, scaled from the chosen trial, stays within the budget.
 */
export async function searchReplicas(
  measure: Measure,
  base: TrialResult,
  limits: SearchLimits,
  maxReplicas: number,
): Promise<{ trials: TrialResult[]; stop: Stop | null; chosen: TrialResult }> {
  const trials: TrialResult[] = [];
  let best = base;
  for (const replicas of doublings(maxReplicas).filter((r) => r > base.config.replicas)) {
    const scale = replicas / base.config.replicas;
    const config = { concurrency: Math.min(limits.maxConcurrency, base.config.concurrency * scale), batch: base.config.batch, replicas };
    const predicted = base.peakWorkerBytes === null ? null : base.peakWorkerBytes * scale;
    if (predicted !== null && predicted > limits.memoryBudgetBytes) {
      const detail = `${replicas} replicas would need about ${mb(predicted)} of worker memory, past the ${mb(limits.memoryBudgetBytes)} budget`;
      return { trials, chosen: best, stop: { direction: 'replicas', reason: 'memory', at: config, detail } };
    }
    const result = await measure(config);
    if (!result) {
      return { trials, chosen: best, stop: { direction: 'replicas', reason: 'budget', at: config, detail: 'the time budget ran out' } };
    }
    trials.push(result);
    const hard = hardStop(result, limits);
    if (hard) return { trials, chosen: best, stop: { direction: 'replicas', at: config, reason: hard.reason, detail: hard.detail } };
    if (result.throughput <= best.throughput * (1 + REPLICA_GAIN)) {
      const detail = `more processes did not help: ${rate(result)} with ${replicas} replicas against ${rate(best)}`;
      return { trials, chosen: best, stop: { direction: 'replicas', reason: 'throughput', at: config, detail } };
    }
    best = result;
  }
  const detail = `${best.config.replicas} replica(s) is the most this machine's ${maxReplicas} core(s) allow`;
  return { trials, chosen: best, stop: { direction: 'replicas', reason: 'limit', at: best.config, detail } };
}
