import { useEffect, useRef, useState } from 'react';
import { fetchEstimate, type Estimate } from './estimate.js';

/** How often an estimate is refreshed while the page is visible. */
export const ESTIMATE_REFRESH_MS = 5_000;

/**
 * The before-you-submit estimate of `apiName` (null: none, or it failed: the page stays quiet).
 * Refreshed on an interval while the page is visible, when the window regains focus, and whenever
 * `refreshKey` changes (the caller passes its run's stage). An unreachable server is reported.
 * `sessionHash` gives the page's session when known, so its own waiting jobs count.
 */
export function useEstimate(
  baseUrl: string,
  apiName: string | null,
  refreshKey: unknown,
  onUnreachable: () => void,
  sessionHash: () => string | undefined = () => undefined,
): Estimate | null {
  const [estimate, setEstimate] = useState<Estimate | null>(null);
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
      setEstimate(result.ok ? result.estimate : null);
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
  return estimate;
}
