import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { RunnerController } from '../runner/controller.js';
import { HistoryApi, type HistoryInfo } from './history-api.js';
import './history.css';

interface FlagBarProps {
  readonly controller: RunnerController;
  readonly baseUrl: string;
}

/** The dependency whose run completed last on this page, followed through the controller's state. */
function useLatestCompleted(controller: RunnerController): number | null {
  const state = useSyncExternalStore(controller.subscribe, controller.getState);
  const latest = useRef<number | null>(null);
  const before = useRef(state.jobs);
  for (const [depId, job] of state.jobs) {
    if (job.stage === 'completed' && before.current.get(depId) !== job) latest.current = depId;
  }
  before.current = state.jobs;
  return latest.current;
}

/**
 * Gradio's Flag button, under the outputs once a run completed: a reason from project.json
 * `flagging.options` (when it has some) and an optional note; the flag is stored with the run
 * (History lists it, the owner exports it).
 */
export function FlagBar({ controller, baseUrl }: FlagBarProps): ReactNode {
  const api = useMemo(() => new HistoryApi(baseUrl, () => controller.sessionHash()), [baseUrl, controller]);
  const [info, setInfo] = useState<HistoryInfo | null>(null);
  const depId = useLatestCompleted(controller);
  const runId = depId === null ? undefined : controller.lastEventId(depId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<{ runId: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    api.info(abort.signal).then(setInfo, () => setInfo(null));
    return () => abort.abort();
  }, [api]);

  useEffect(() => {
    setOpen(false);
    setReason(null);
    setNote('');
    setError(null);
  }, [runId]);

  if (!info?.enabled || info.flagging?.mode !== 'manual' || runId === undefined) return null;
  const options = info.flagging.options;

  if (done?.runId === runId) {
    return (
      <div className="flag-bar" data-testid="flag-bar">
        <span className="flag-bar__done" role="status">
          ⚑ Flagged{done.text ? `: ${done.text}` : ''}. Thank you.
        </span>
      </div>
    );
  }

  const send = async (): Promise<void> => {
    try {
      const flag = await api.flag(runId, reason, note.trim() || null);
      setDone({ runId, text: flag.reason ?? '' });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  };

  return (
    <div className="flag-bar" data-testid="flag-bar">
      {open ? (
        <form
          className="flag-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          {options.length > 0 ? (
            <fieldset className="flag-form__reasons">
              <legend>Why flag this result?</legend>
              {options.map((option) => (
                <label key={option} className={`flag-reason${reason === option ? ' flag-reason--chosen' : ''}`}>
                  <input type="radio" name="flag-reason" value={option} checked={reason === option} onChange={() => setReason(option)} />
                  {option}
                </label>
              ))}
            </fieldset>
          ) : null}
          <input
            className="flag-form__note"
            type="text"
            placeholder="Add a note (optional)"
            aria-label="Note"
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="flag-form__actions">
            <button type="submit" className="btn btn--small btn--primary" disabled={options.length > 0 && reason === null}>
              Send flag
            </button>
            <button type="button" className="btn btn--small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
          {error ? <p className="flag-form__error">{error}</p> : null}
        </form>
      ) : (
        <button type="button" className="btn flag-bar__button" onClick={() => setOpen(true)}>
          ⚑ Flag
        </button>
      )}
    </div>
  );
}
