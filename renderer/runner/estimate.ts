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
  /** Warm runs measured so far, or null before the first. */
  readonly samples: number | null;
  /** False while every slot is busy: even at rank 0 a new run waits for one to end. */
  readonly slotFree: boolean;
  /** A run now would load a model first. */
  readonly coldStart: boolean;
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
    // Older servers send neither: a free slot and a warm model is what they meant.
    slotFree: raw.slotFree !== false,
    coldStart: raw.coldStart === true,
  };
}

/** Runs shorter than this are not worth a line of text when nobody is waiting. */
const QUIET_RUN_MS = 1_000;
/** A range this wide (high / low) is shown as a range; a narrower one as "about" the estimate. */
const WIDE_RANGE = 1.5;
/** Fewer measured runs than this are mentioned ("from 2 runs"). */
const FEW_RUNS = 3;

/** A no-break space: glues a number to its words, so a line never ends "(from 1" with "run)" alone below. */
const NB = '\u00a0';

/** "about 6.1s", or "6.0–14s" when the range is wide; one unbreakable piece. */
function durationText(ms: number, range: Range | null): string {
  if (range && range.highMs >= WIDE_RANGE * range.lowMs) return formatSecondsRange(range.lowMs / 1000, range.highMs / 1000);
  return `about${NB}${formatSeconds(ms / 1000)}`;
}

/** " (from 2 runs)" while few runs were measured, glued to the time before it; else "". */
function fromText(samples: number | null): string {
  if (samples === null || samples >= FEW_RUNS) return '';
  return `${NB}(from${NB}${samples}${NB}${samples === 1 ? 'run' : 'runs'})`;
}

/**
 * One short line for next to a Submit button, or null when there is nothing worth saying (a free
 * slot and a quick or never-run function). A time becomes a range while the data is thin. The
 * parts are joined by " · ", where the line may break; each part's number stays with its words.
 */
export function estimateText(estimate: Estimate): string | null {
  const { rank, etaMs, meanRunMs, samples } = estimate;
  const from = fromText(samples);
  const eta = etaMs === null ? null : `${durationText(etaMs, estimate.etaRange)}${from}`;
  if (rank > 0) return [`${rank}${NB}${rank === 1 ? 'run' : 'runs'} ahead of you`, eta].filter(Boolean).join(' · ');
  // Nobody waiting, but every slot busy: the run waits all the same (this once said "No queue").
  if (!estimate.slotFree) return ['Busy: another run is in progress', eta].filter(Boolean).join(' · ');
  const slow = meanRunMs !== null && meanRunMs >= QUIET_RUN_MS;
  if (estimate.coldStart) {
    if (samples === null) return 'First run starts the model';
    return slow ? `Starts the model first · then ${durationText(meanRunMs, estimate.runRange)}${from}` : 'Starts the model first';
  }
  if (slow) return `No queue · usually takes ${durationText(meanRunMs, estimate.runRange)}${from}`;
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
