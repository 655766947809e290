import { useEffect, useRef, type ReactNode } from 'react';
import type { ShareStartBody, ShareStatus } from './share-api.js';
import { ShareActivityView } from './ShareActivityView.js';
import { ShareLive } from './ShareLive.js';
import { ShareStartForm } from './ShareStartForm.js';
import { ShareStateLine } from './ShareStateLine.js';

interface SharePanelProps {
  readonly status: ShareStatus | null;
  readonly error: string | null;
  readonly busy: boolean;
  readonly onStart: (body: ShareStartBody) => void;
  readonly onRevoke: () => void;
  readonly onStop: () => void;
  readonly onClose: () => void;
}

function isActive(status: ShareStatus): boolean {
  return status.state.kind === 'connecting' || status.state.kind === 'online' || status.state.kind === 'reconnecting';
}

/** The owner's Share panel: a side sheet over the demo (full width on a phone). Escape closes it. */
export function SharePanel({ status, error, busy, onStart, onRevoke, onStop, onClose }: SharePanelProps): ReactNode {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <aside ref={ref} className="share-panel" role="dialog" aria-label="Share this demo" tabIndex={-1} data-testid="share-panel">
      <header className="share-panel-header">
        <h2>Share this demo</h2>
        <button type="button" className="share-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {error !== null ? (
        <p className="share-state share-state--failed" role="alert">
          {error}
        </p>
      ) : null}
      {status === null ? (
        <p className="share-muted share-section">Loading…</p>
      ) : (
        <>
          <ShareStateLine state={status.state} />
          {isActive(status) ? (
            <ShareLive status={status} busy={busy} onRevoke={onRevoke} onStop={onStop} />
          ) : (
            <ShareStartForm status={status} busy={busy} onStart={onStart} />
          )}
          {isActive(status) || status.activity.requestsTotal > 0 ? <ShareActivityView activity={status.activity} /> : null}
        </>
      )}
    </aside>
  );
}
