import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { StoredTuneReport } from '../../../preload/shared/tune/tune-report.js';
import { CopyButton } from '../../components/blocks/shared/CopyButton.js';
import { APPLY_TUNE, type ApplyTunePayload } from '../actions/tune-actions.js';
import { createEditorClient } from '../api/editor-client.js';
import type { Dispatch } from '../store/use-editor.js';
import { TrialChart } from './TrialChart.js';

type Loaded =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly stored: StoredTuneReport | null }
  | { readonly phase: 'failed'; readonly message: string };

/** Shell quoting for the copyable command (a path with spaces still pastes right). */
const quoted = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);

function settingsText(stored: StoredTuneReport): string {
  const r = stored.report.recommendation;
  if (!r) return '';
  const parts = [`concurrencyLimit ${r.concurrencyLimit}`, r.batch ? `batch, maxBatchSize ${r.maxBatchSize}` : 'no batching'];
  for (const [model, replicas] of Object.entries(r.replicas)) parts.push(`${model}: ${replicas} replica${replicas === 1 ? '' : 's'}`);
  if (r.maxSize !== null) parts.push(`queue.maxSize ${r.maxSize}`);
  return parts.join(' · ');
}

function HowToTune(props: { readonly path: string | null; readonly apiName: string }): ReactNode {
  if (props.path === null) return <p className="cv-muted">Save the project, then measure it with demo-desktop tune.</p>;
  const command = `demo-desktop tune ${quoted(props.path)} --event ${props.apiName}`;
  return (
    <>
      <p className="cv-muted">Not measured yet. Run this in a terminal (about a minute), then come back:</p>
      <div className="ins-command">
        <code data-testid="capacity-command">{command}</code>
        <CopyButton text={command} label="Copy the tune command" />
      </div>
    </>
  );
}

function Report(props: { readonly stored: StoredTuneReport; readonly onApply: (stored: StoredTuneReport) => void }): ReactNode {
  const { stored } = props;
  const { report } = stored;
  return (
    <>
      <p className="ins-capacity-statement" data-testid="capacity-statement">
        {report.capacity?.statement ?? 'No setting met the latency target without failures: nothing to recommend.'}
      </p>
      <p className="cv-muted">
        Measured {new Date(stored.measuredAt).toLocaleString()}
        {stored.stale === true ? <span className="ins-stale"> · project.json changed since: run tune again to be sure</span> : null}
      </p>
      <TrialChart report={report} />
      {report.kneeReason ? <p className="ins-knee">Chosen: {report.kneeReason}</p> : null}
      {report.stops.length > 0 ? (
        <details className="ins-stops">
          <summary>Why the search stopped</summary>
          <ul>
            {report.stops.map((stop) => (
              <li key={`${stop.direction}-${stop.reason}`}>
                {stop.direction}: {stop.detail}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {report.recommendation ? (
        <div className="ins-apply">
          <span>{settingsText(stored)}</span>
          <button type="button" className="btn btn--small btn--primary" onClick={() => props.onApply(stored)}>
            Apply
          </button>
        </div>
      ) : null}
    </>
  );
}

/**
 * The event's Capacity: the latest `demo-desktop tune` report of the saved file (POST
 * /api/editor/tune-report): the statement, the trials' chart with the knee and why, and Apply,
 * which sets the recommended settings as one undoable edit (event.applyTune). Without a report,
 * the command to run, ready to copy.
 */
export function CapacityPanel(props: {
  readonly path: string | null;
  readonly apiName: string;
  readonly event: ApplyTunePayload['event'];
  readonly dispatch: Dispatch;
}): ReactNode {
  const client = useMemo(() => createEditorClient(), []);
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const { path, apiName } = props;
  useEffect(() => {
    if (path === null) {
      setLoaded({ phase: 'ready', stored: null });
      return undefined;
    }
    const abort = new AbortController();
    setLoaded({ phase: 'loading' });
    client.tuneReport(path, apiName, abort.signal).then(
      (stored) => setLoaded({ phase: 'ready', stored }),
      (error: unknown) => {
        if (!abort.signal.aborted) setLoaded({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [client, path, apiName]);
  const apply = (stored: StoredTuneReport): void => {
    const recommendation = stored.report.recommendation;
    if (recommendation) props.dispatch<ApplyTunePayload>(APPLY_TUNE, { event: props.event, recommendation });
  };
  return (
    <section className="ins-cost ins-capacity" aria-label="Capacity" data-testid="capacity-panel">
      <h3 className="ins-subtitle">Capacity</h3>
      {loaded.phase === 'loading' ? <p className="cv-muted">Loading…</p> : null}
      {loaded.phase === 'failed' ? <p className="cv-muted">No capacity report: {loaded.message}</p> : null}
      {loaded.phase === 'ready' && loaded.stored === null ? <HowToTune path={path} apiName={apiName} /> : null}
      {loaded.phase === 'ready' && loaded.stored !== null ? (
        <Report stored={loaded.stored} onApply={() => apply(loaded.stored as StoredTuneReport)} />
      ) : null}
    </section>
  );
}
