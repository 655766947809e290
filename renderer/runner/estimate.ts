import { formatSeconds } from './format.js';

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
}

const finiteOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The route's body, or null when it is not the shape we know (the page then shows nothing). */
export function parseEstimate(body: unknown): Estimate | null {
  if (typeof body !== 'object' || body === null) return null;
  const raw = body as Record<string, unknown>;
  const rank = finiteOrNull(raw.rank);
  const queueSize = finiteOrNull(raw.queueSize);
  if (rank === null || queueSize === null) return null;
  const run = typeof raw.runMs === 'object' && raw.runMs !== null ? (raw.runMs as Record<string, unknown>) : null;
  return {
    rank: Math.max(0, rank),
    queueSize: Math.max(0, queueSize),
    etaMs: finiteOrNull(raw.etaMs),
    meanRunMs: finiteOrNull(run?.meanMs),
  };
}

/** Runs shorter than this are not worth a line of text when nobody is waiting. */
const QUIET_RUN_MS = 1_000;

/**
 * One short line for next to a Submit button, or null when there is nothing worth saying (an
 * empty queue and a quick or never-run function).
 */
export function estimateText(estimate: Estimate): string | null {
  const { rank, etaMs, meanRunMs } = estimate;
  if (rank > 0) {
    const ahead = `${rank} ${rank === 1 ? 'run' : 'runs'} ahead of you`;
    return etaMs === null ? ahead : `${ahead} · about ${formatSeconds(etaMs / 1000)}`;
  }
  if (meanRunMs !== null && meanRunMs >= QUIET_RUN_MS) return `No queue · usually takes about ${formatSeconds(meanRunMs / 1000)}`;
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
