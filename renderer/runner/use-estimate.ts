import { useEffect, useRef, useState } from 'react';
import { fetchEstimate, type Estimate } from './estimate.js';

/** How often an estimate is refreshed while the page is visible. */
export const ESTIMATE_REFRESH_MS = 5_000;

/** An estimate and the `refreshKey` it was fetched under (the run's stage then). */
export interface FetchedEstimate {
  readonly estimate: Estimate | null;
  readonly refreshKey: unknown;
}

/**
 * The before-you-submit estimate of `apiName` (null: none, or it failed: the page stays quiet).
 * Refreshed on an interval while the page is visible, when the window regains focus, and whenever
 * `refreshKey` changes (the caller passes its run's stage, and can tell an answer fetched while
 * its own run held the slot from a fresh one). An unreachable server is reported.
 * `sessionHash` gives the page's session when known, so its own waiting jobs count.
 */
export function useEstimate(
  baseUrl: string,
  apiName: string | null,
  refreshKey: unknown,
  onUnreachable: () => void,
  sessionHash: () => string | undefined = () => undefined,
): FetchedEstimate {
  const [fetched, setFetched] = useState<FetchedEstimate>({ estimate: null, refreshKey: undefined });
  const unreachable = useRef(onUnreachable);
  unreachable.current = onUnreachable;
  const session = useRef(sessionHash);
  session.current = sessionHash;
  useEffect(() => {
    if (apiName === null) return undefined;
    const abort = new AbortController();
    let inFlight = false;
    const refresh = async (): Promise<void> => {
      if (inFlight || document.visibilityState === 'hidden') return;
      inFlight = true;
      const result = await fetchEstimate(baseUrl, apiName, abort.signal, session.current());
      inFlight = false;
      if (abort.signal.aborted) return;
      setFetched({ estimate: result.ok ? result.estimate : null, refreshKey });
      if (!result.ok && result.unreachable) unreachable.current();
    };
    const onFocus = (): void => void refresh();
    void refresh();
    const timer = setInterval(onFocus, ESTIMATE_REFRESH_MS);
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onFocus);
    return () => {
      abort.abort();
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onFocus);
    };
  }, [baseUrl, apiName, refreshKey]);
  return fetched;
}
