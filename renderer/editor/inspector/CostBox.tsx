import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CostResponse } from '../../../preload/shared/editor/editor-api.js';
import { createEditorClient } from '../api/editor-client.js';
import type { JsonObject } from '../state/editor-state.js';

type Cost =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly cost: CostResponse }
  | { readonly phase: 'none'; readonly message: string };

const runs = (count: number): string => (count === 1 ? '1 run' : `${String(count)} runs`);
const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${String(Math.round(value))} ms`);

/**
 * What the selected event costs while you build: its measured run time (p50/p95 from the live
 * preview and the scheduler's metrics) and what its queue settings imply, from POST
 * /api/editor/cost with the document as it is now (the preview reloads only while shown, so its
 * own settings may be older). Asked again when `settings` (what the sentences depend on) change,
 * not on every edit of the document.
 */
export function CostBox(props: { readonly apiName: string; readonly settings: string; readonly project: JsonObject }): ReactNode {
  const client = useMemo(() => createEditorClient(), []);
  const [cost, setCost] = useState<Cost>({ phase: 'loading' });
  const [asked, ask] = useState(0);
  const project = useRef(props.project);
  project.current = props.project;
  useEffect(() => {
    const abort = new AbortController();
    setCost({ phase: 'loading' });
    client.cost(props.apiName, project.current, abort.signal).then(
      (answer) => setCost({ phase: 'ready', cost: answer }),
      (error: unknown) => {
        if (!abort.signal.aborted) setCost({ phase: 'none', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [client, props.apiName, props.settings, asked]);
  return (
    <section className="ins-cost" aria-label="Cost" aria-live="polite" data-testid="cost-box">
      <header className="ins-header">
        <h3 className="ins-subtitle">Cost</h3>
        <button type="button" className="ins-link" onClick={() => ask((n) => n + 1)}>
          Measure again
        </button>
      </header>
      {cost.phase === 'loading' ? <p className="cv-muted">Measuring…</p> : null}
      {cost.phase === 'none' ? <p className="cv-muted">No cost yet: {cost.message}</p> : null}
      {cost.phase === 'ready' ? (
        <>
          <p>
            {cost.cost.runMs
              ? `Runs in ${ms(cost.cost.runMs.p50)} typically, ${ms(cost.cost.runMs.p95)} at p95 (${runs(cost.cost.runMs.samples)}).`
              : cost.cost.inPreview
                ? 'Not run in the preview yet.'
                : 'Not in the preview yet.'}
          </p>
          {cost.cost.implications.length > 0 ? (
            <ul>
              {cost.cost.implications.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
