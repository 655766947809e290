import { useEffect, useState } from 'react';
import { fetchHistory, MetricsRequestError, type HistoryAnswer, type MetricsRow } from './metrics-client.js';

export const RANGES = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 3_600_000 },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

export interface HistoryState {
  readonly answer: HistoryAnswer | null;
  readonly rows: readonly MetricsRow[];
  readonly from: number;
  readonly to: number;
  readonly error: { readonly status: number; readonly message: string } | null;
  readonly updatedAt: number | null;
}

function spanOf(range: RangeId): number {
  return RANGES.find((r) => r.id === range)?.ms ?? RANGES[0].ms;
}

/** Appends live rows (newer than the last one held) and drops what fell out of the range. */
export function mergeLive(rows: readonly MetricsRow[], fresh: readonly MetricsRow[], from: number): MetricsRow[] {
  const lastT = rows.at(-1)?.t ?? -1;
  return [...rows.filter((row) => row.t >= from), ...fresh.filter((row) => row.t > lastT)];
}

/**
 * The rows of one event over a range, kept live: raw ranges poll `since` the newest row every
 * sample (new points slide in), coarser ones are fetched again every minute.
 */
export function useHistory(range: RangeId, event: string | null): HistoryState {
  const [state, setState] = useState<HistoryState>({ answer: null, rows: [], from: 0, to: 0, error: null, updatedAt: null });
  useEffect(() => {
    const abort = new AbortController();
    const span = spanOf(range);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: HistoryState | null = null;
    const fail = (error: unknown): void => {
      if (abort.signal.aborted) return;
      const status = error instanceof MetricsRequestError ? error.status : 0;
      const message = error instanceof Error ? error.message : String(error);
      setState((previous) => ({ ...previous, error: { status, message } }));
    };
    const publish = (next: HistoryState): void => {
      current = next;
      setState(next);
    };
    const full = async (): Promise<void> => {
      const from = Date.now() - span;
      const answer = await fetchHistory({ from, ...(event ? { event } : {}) }, abort.signal);
      const rows = event ? answer.rows : answer.rows.filter((row) => row.event === answer.events[0]);
      publish({ answer, rows, from, to: answer.now, error: null, updatedAt: Date.now() });
    };
    const live = async (): Promise<void> => {
      const held = current;
      if (held?.answer?.resolution !== 'raw') return full();
      const since = (held.rows.at(-1)?.t ?? held.from) + 1;
      const answer = await fetchHistory({ since, ...(event ? { event } : {}) }, abort.signal);
      const from = answer.now - span;
      publish({
        answer: { ...held.answer, now: answer.now },
        rows: mergeLive(held.rows, answer.rows, from),
        from,
        to: answer.now,
        error: null,
        updatedAt: Date.now(),
      });
    };
    const schedule = (): void => {
      const raw = current?.answer?.resolution === 'raw';
      const every = raw ? Math.max(1_000, current?.answer?.sampleMs ?? 5_000) : 60_000;
      timer = setTimeout(() => void live().catch(fail).finally(schedule), every);
    };
    void full().catch(fail).finally(schedule);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [range, event]);
  return state;
}
