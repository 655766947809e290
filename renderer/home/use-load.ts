import { useCallback, useEffect, useState } from 'react';

export type Load<T> =
  { readonly phase: 'loading' } | { readonly phase: 'ready'; readonly value: T } | { readonly phase: 'failed'; readonly message: string };

/** Loads once on mount; `reload` fetches again and `set` replaces the value (an answer that carries it). */
export function useLoad<T>(fetcher: () => Promise<T>): { state: Load<T>; reload: () => void; set: (value: T) => void } {
  const [state, setState] = useState<Load<T>>({ phase: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    fetcher().then(
      (value) => live && setState({ phase: 'ready', value }),
      (error: unknown) => live && setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [fetcher, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const set = useCallback((value: T) => setState({ phase: 'ready', value }), []);
  return { state, reload, set };
}
