import type { ReactNode } from 'react';
import { stepAdvice, type ShareState } from './share-api.js';

/** The tunnel's state in words: connecting, online, reconnecting (attempt n), failed (the step, what to do). */
export function ShareStateLine({ state }: { readonly state: ShareState }): ReactNode {
  switch (state.kind) {
    case 'off':
      return null;
    case 'connecting':
      return (
        <p className="share-state share-state--busy" role="status" data-testid="share-state">
          <span className="job-spinner" aria-hidden="true" /> Connecting to the share server…
        </p>
      );
    case 'online':
      return (
        <p className="share-state share-state--online" role="status" data-testid="share-state">
          <span className="share-dot" aria-hidden="true" /> Online
        </p>
      );
    case 'reconnecting':
      return (
        <p className="share-state share-state--warn" role="status" data-testid="share-state">
          <span className="job-spinner" aria-hidden="true" /> Connection lost: reconnecting (attempt {state.attempt}, next try in{' '}
          {Math.max(1, Math.round(state.delayMs / 1000))} s). The link stays the same.
          <span className="share-muted share-reason">{state.reason}</span>
        </p>
      );
    case 'failed':
      return (
        <div className="share-state share-state--failed" role="alert" data-testid="share-state">
          <strong>Sharing failed at step “{state.step}”.</strong> {stepAdvice(state.step)}
          <p className="share-reason">{state.message}</p>
          {state.publicKey !== undefined ? (
            <>
              <p className="share-help">This app’s public key:</p>
              <textarea className="share-input share-key" readOnly rows={3} value={state.publicKey} />
            </>
          ) : null}
        </div>
      );
  }
}
