import type { ReactNode } from 'react';
import type { RunSummary } from './history-api.js';
import { runDuration, runTime } from './history-format.js';

interface RunItemProps {
  readonly run: RunSummary;
  readonly now: number;
  /** Show the event's name (the demo has more than one). */
  readonly showEvent: boolean;
  readonly loaded: boolean;
  readonly busy: boolean;
  readonly onLoad: (run: RunSummary) => void;
  readonly onRerun: (run: RunSummary) => void;
}

const OUTCOME_LABEL: Record<RunSummary['outcome'], string> = { completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled' };

/** One past run: when, how long, how it ended, what went in and came out; click loads its inputs. */
export function RunItem({ run, now, showEvent, loaded, busy, onLoad, onRerun }: RunItemProps): ReactNode {
  const flag = run.flags.at(-1);
  return (
    <li className={`history-run${loaded ? ' history-run--loaded' : ''}`} data-testid="history-run" data-run-id={run.id}>
      <button
        type="button"
        className="history-run__main"
        disabled={busy}
        onClick={() => onLoad(run)}
        title="Load this run's inputs into the demo"
      >
        <span className="history-run__meta">
          <span className={`history-outcome history-outcome--${run.outcome}`}>{OUTCOME_LABEL[run.outcome]}</span>
          {showEvent ? <span className="history-run__event">{run.event}</span> : null}
          <span className="history-run__time">{runTime(run.queuedAt, now)}</span>
          {run.durationMs !== null ? <span className="history-run__duration">{runDuration(run.durationMs)}</span> : null}
        </span>
        <span className="history-run__inputs">{run.preview.inputs || '(no inputs)'}</span>
        <span className="history-run__outputs">
          {run.outcome === 'failed' ? (run.error ?? 'Failed') : run.preview.outputs || (run.outcome === 'cancelled' ? 'Cancelled' : '')}
        </span>
        {flag ? (
          <span className="history-run__flag" data-testid="history-flag">
            ⚑ {flag.reason ?? 'Flagged'}
            {flag.note ? ` — ${flag.note}` : ''}
          </span>
        ) : null}
      </button>
      <button type="button" className="btn btn--small history-run__rerun" disabled={busy} onClick={() => onRerun(run)}>
        Re-run
      </button>
    </li>
  );
}
