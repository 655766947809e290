import { formatSeconds, formatSecondsRange } from './format.js';

/**
 * The "before you submit" estimate: `GET /api/estimate/{apiName}` (public; docs/api.md) parsed
 * and put into words. Pure apart from fetchEstimate.
 */

export interface Estimate {
  /** Jobs ahead of a job submitted now (0 = it would start at once, given a free slot). */
  readonly rank: number;
  readonly queueSize: number;
  /** Expected wait plus run time in ms, or null before the function has run. */
  readonly etaMs: number | null;
  /** Mean run time in ms, or null before the function has run. */
  readonly meanRunMs: number | null;
  /** Where etaMs / meanRunMs are likely to fall (wide while few runs were measured), or null. */
  readonly etaRange: Range | null;
  readonly runRange: Range | null;
  /** Runs measured so far, or null before the first. */
  readonly samples: number | null;
}

export interface Range {
  readonly lowMs: number;
  readonly highMs: number;
}

const finiteOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;

function rangeOrNull(value: unknown): Range | null {
  const raw = record(value);
  const lowMs = finiteOrNull(raw?.lowMs);
  const highMs = finiteOrNull(raw?.highMs);
  return lowMs === null || highMs === null || highMs < lowMs ? null : { lowMs: Math.max(0, lowMs), highMs };
}

/** The route's body, or null when it is not the shape we know (the page then shows nothing). */
export function parseEstimate(body: unknown): Estimate | null {
  const raw = record(body);
  if (!raw) return null;
  const rank = finiteOrNull(raw.rank);
  const queueSize = finiteOrNull(raw.queueSize);
  if (rank === null || queueSize === null) return null;
  const run = record(raw.runMs);
  return {
    rank: Math.max(0, rank),
    queueSize: Math.max(0, queueSize),
    etaMs: finiteOrNull(raw.etaMs),
    meanRunMs: finiteOrNull(run?.meanMs),
    etaRange: rangeOrNull(raw.etaRangeMs),
    runRange: rangeOrNull(run),
    samples: finiteOrNull(run?.samples),
  };
}

/** Runs shorter than this are not worth a line of text when nobody is waiting. */
const QUIET_RUN_MS = 1_000;
/** A range this wide (high / low) is shown as a range; a narrower one as "about" the estimate. */
const WIDE_RANGE = 1.5;
/** Fewer measured runs than this are mentioned ("from 2 runs"). */
const FEW_RUNS = 3;

/** "about 6.1s", or "6.0–14s" when the range is wide. */
function durationText(ms: number, range: Range | null): string {
  if (range && range.highMs >= WIDE_RANGE * range.lowMs) return formatSecondsRange(range.lowMs / 1000, range.highMs / 1000);
  return `about ${formatSeconds(ms / 1000)}`;
}

/**
 * One short line for next to a Submit button, or null when there is nothing worth saying (an
 * empty queue and a quick or never-run function). A time becomes a range while the data is thin.
 */
export function estimateText(estimate: Estimate): string | null {
  const { rank, etaMs, meanRunMs, samples } = estimate;
  const from = samples !== null && samples < FEW_RUNS ? ` (from ${samples} ${samples === 1 ? 'run' : 'runs'})` : '';
  if (rank > 0) {
    const ahead = `${rank} ${rank === 1 ? 'run' : 'runs'} ahead of you`;
    return etaMs === null ? ahead : `${ahead} · ${durationText(etaMs, estimate.etaRange)}${from}`;
  }
  if (meanRunMs !== null && meanRunMs >= QUIET_RUN_MS)
    return `No queue · usually takes ${durationText(meanRunMs, estimate.runRange)}${from}`;
  return null;
}

/** What went wrong when fetching an estimate: the server is unreachable, or it answered oddly. */
export type EstimateResult =
  { readonly ok: true; readonly estimate: Estimate | null } | { readonly ok: false; readonly unreachable: boolean };

/**
 * GET <base>api/estimate/<apiName>[?session_hash=]; never throws (errors are quiet, but unreachable
 * is reported). With the page's session the server counts that session's own waiting jobs.
 */
export async function fetchEstimate(baseUrl: string, apiName: string, signal: AbortSignal, sessionHash?: string): Promise<EstimateResult> {
  const url = new URL(`api/estimate/${encodeURIComponent(apiName)}`, baseUrl);
  if (sessionHash !== undefined) url.searchParams.set('session_hash', sessionHash);
  let response: Response;
  try {
    response = await fetch(url, {
      signal,
      headers: { Accept: 'application/json' },
    });
  } catch {
    return { ok: false, unreachable: !signal.aborted };
  }
  if (!response.ok) return { ok: false, unreachable: response.status === 502 || response.status === 504 };
  try {
    return { ok: true, estimate: parseEstimate(await response.json()) };
  } catch {
    return { ok: false, unreachable: false };
  }
}
