import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { RunnerController } from '../runner/controller.js';
import type { RunSummary } from './history-api.js';
import { OUTCOME_CHOICES, runTime, TIME_CHOICES } from './history-format.js';
import { RunItem } from './RunItem.js';
import { useHistory } from './use-history.js';
import './history.css';

interface HistoryPanelProps {
  readonly controller: RunnerController;
  readonly baseUrl: string;
}

const OPEN_KEY = 'demo-desktop.history.open';

function initiallyOpen(): boolean {
  try {
    return window.localStorage.getItem(OPEN_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The History panel beside the demo (a side panel on a wide window, a sheet from the bottom on a
 * phone): past runs with filters and search; a click loads a run's inputs back into the demo
 * (files too: the server copies them back into this page's uploads), Re-run runs it again.
 */
export function HistoryPanel({ controller, baseUrl }: HistoryPanelProps): ReactNode {
  const [open, setOpen] = useState(initiallyOpen);
  const toggle = useRef<HTMLButtonElement>(null);
  const history = useHistory(controller, baseUrl, open);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const events = controller.config.dependencies.filter((dep) => dep.apiVisibility !== 'private' && dep.triggerAfter === null);

  useEffect(() => {
    try {
      window.localStorage.setItem(OPEN_KEY, open ? '1' : '0');
    } catch {
      // Storage may be off (a private window): the panel just starts closed next time.
    }
    document.documentElement.classList.toggle('history-open', open);
    return () => document.documentElement.classList.remove('history-open');
  }, [open]);

  if (!history.info?.enabled) return null;

  const use = async (run: RunSummary, rerun: boolean): Promise<void> => {
    setBusy(true);
    try {
      const restored = await history.api.restore(run.id);
      controller.loadInputs(restored.fnIndex, restored.data);
      setLoaded(run.id);
      if (rerun) controller.runDependency(restored.fnIndex);
      setStatus(`${rerun ? 'Running again' : 'Loaded'}: the run of ${runTime(run.queuedAt, Date.now())}.`);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  /** Closing from the keyboard or the × puts focus back on the History button (the × itself goes away). */
  const close = (): void => {
    setOpen(false);
    toggle.current?.focus();
  };
  /** Escape in the panel (or on its button) closes it; in a search box with text it clears the text first. */
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !open) return;
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'search' && target.value !== '') return;
    event.stopPropagation();
    close();
  };

  const { filters } = history;
  return (
    <>
      <button
        type="button"
        className="history-toggle"
        aria-expanded={open}
        aria-controls="history-panel"
        ref={toggle}
        onClick={() => setOpen(!open)}
        onKeyDown={onKeyDown}
        data-testid="history-toggle"
      >
        <span aria-hidden="true">↺</span> History
      </button>
      {open ? (
        <aside id="history-panel" className="history-panel" aria-label="History" data-testid="history-panel" onKeyDown={onKeyDown}>
          <header className="history-panel__header">
            <h2>History</h2>
            <span className="history-panel__scope">{history.info.owner ? 'All runs of this demo' : 'Runs of this page'}</span>
            <button type="button" className="history-panel__close" aria-label="Close history" onClick={close}>
              ×
            </button>
          </header>
          <div className="history-filters">
            <input
              type="search"
              className="history-search"
              placeholder="Search inputs and outputs"
              aria-label="Search inputs and outputs"
              value={filters.text}
              onChange={(e) => history.setFilters({ ...filters, text: e.target.value })}
            />
            <div className="history-filters__row">
              {events.length > 1 ? (
                <select
                  aria-label="Event"
                  value={filters.event}
                  onChange={(e) => history.setFilters({ ...filters, event: e.target.value })}
                >
                  <option value="">All events</option>
                  {events.map((dep) => (
                    <option key={dep.id} value={dep.apiName}>
                      {dep.apiName}
                    </option>
                  ))}
                </select>
              ) : null}
              <select
                aria-label="Outcome"
                value={filters.outcome}
                onChange={(e) => history.setFilters({ ...filters, outcome: e.target.value as typeof filters.outcome })}
              >
                {OUTCOME_CHOICES.map((choice) => (
                  <option key={choice.value} value={choice.value}>
                    {choice.label}
                  </option>
                ))}
              </select>
              <select
                aria-label="Time"
                value={filters.withinMs}
                onChange={(e) => history.setFilters({ ...filters, withinMs: Number(e.target.value) })}
              >
                {TIME_CHOICES.map((choice) => (
                  <option key={choice.ms} value={choice.ms}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <p className="history-status" role="status">
            {status}
          </p>
          {history.error ? <p className="history-error">{history.error}</p> : null}
          {history.runs.length === 0 ? (
            <p className="history-empty">
              {!filters.text && !filters.outcome && !filters.event && !filters.withinMs
                ? 'No runs yet: run the demo and they appear here.'
                : 'No runs match.'}
            </p>
          ) : (
            <ol className="history-list">
              {history.runs.map((run) => (
                <RunItem
                  key={run.id}
                  run={run}
                  now={Date.now()}
                  showEvent={events.length > 1}
                  loaded={loaded === run.id}
                  busy={busy}
                  onLoad={(r) => void use(r, false)}
                  onRerun={(r) => void use(r, true)}
                />
              ))}
            </ol>
          )}
          {history.next ? (
            <button type="button" className="btn btn--small history-more" onClick={history.loadMore}>
              Older runs
            </button>
          ) : null}
        </aside>
      ) : null}
    </>
  );
}
