import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunnerController } from '../runner/controller.js';
import { isActive } from '../runner/job-state.js';
import { HistoryApi, NO_FILTERS, type HistoryFilters, type HistoryInfo, type RunSummary } from './history-api.js';

/** How often an open panel asks for new runs (another tab's, an API client's, this page's). */
const POLL_MS = 2_000;

export interface HistoryView {
  readonly api: HistoryApi;
  readonly info: HistoryInfo | null;
  readonly runs: readonly RunSummary[];
  readonly next: string | null;
  readonly error: string | null;
  readonly filters: HistoryFilters;
  readonly setFilters: (filters: HistoryFilters) => void;
  readonly loadMore: () => void;
  readonly refresh: () => void;
}

/** Runs that finished on this page since the last look: a new run should show without waiting for the poll. */
function finishedCount(controller: RunnerController): number {
  let count = 0;
  for (const job of controller.getState().jobs.values()) if (!isActive(job) && job.stage !== 'idle') count++;
  return count;
}

/**
 * History's data for the panel: the server's answer to the filters, refreshed while the panel is
 * open (every POLL_MS, and when a run of this page ends), older pages on demand.
 */
export function useHistory(controller: RunnerController, baseUrl: string, open: boolean): HistoryView {
  const api = useRef(new HistoryApi(baseUrl, () => controller.sessionHash())).current;
  const [info, setInfo] = useState<HistoryInfo | null>(null);
  const [filters, setFilters] = useState<HistoryFilters>(NO_FILTERS);
  const [runs, setRuns] = useState<readonly RunSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const extra = useRef<readonly RunSummary[]>([]);

  useEffect(() => {
    const abort = new AbortController();
    api.info(abort.signal).then(setInfo, () => setInfo({ enabled: false, owner: false, flagging: null }));
    return () => abort.abort();
  }, [api]);

  useEffect(() => {
    if (!open || !info?.enabled) return;
    const abort = new AbortController();
    api.list(filters, null, Date.now(), abort.signal).then(
      (page) => {
        const fresh = new Set(page.runs.map((run) => run.id));
        setRuns([...page.runs, ...extra.current.filter((run) => !fresh.has(run.id))]);
        if (extra.current.length === 0) setNext(page.next);
        setError(null);
      },
      (reason: unknown) => {
        if (!abort.signal.aborted) setError(reason instanceof Error ? reason.message : String(reason));
      },
    );
    return () => abort.abort();
  }, [api, open, info, filters, tick]);

  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, POLL_MS);
    let seen = finishedCount(controller);
    const unsubscribe = controller.subscribe(() => {
      const count = finishedCount(controller);
      if (count !== seen) setTick((n) => n + 1);
      seen = count;
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [controller, open]);

  const changeFilters = useCallback((value: HistoryFilters) => {
    extra.current = [];
    setFilters(value);
  }, []);

  const loadMore = useCallback(() => {
    if (!next) return;
    api.list(filters, next, Date.now()).then(
      (page) => {
        extra.current = [...extra.current, ...page.runs];
        setRuns((shown) => [...shown, ...page.runs.filter((run) => !shown.some((s) => s.id === run.id))]);
        setNext(page.next);
      },
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  }, [api, filters, next]);

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  return { api, info, runs, next, error, filters, setFilters: changeFilters, loadMore, refresh };
}
