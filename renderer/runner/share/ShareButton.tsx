import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { fetchIsOwner, shareApi, type ShareStartBody, type ShareStatus } from './share-api.js';
import { SharePanel } from './SharePanel.js';
import './share.css';

/** How often the panel refreshes while open (live activity), and the button's badge while closed. */
const OPEN_POLL_MS = 1000;
const CLOSED_POLL_MS = 5000;

function sharing(status: ShareStatus | null): boolean {
  return status !== null && ['connecting', 'online', 'reconnecting'].includes(status.state.kind);
}

/**
 * The Share button of the owner's window (GET /api/owner says so; never through a share link,
 * where that answer is always false and /api/share does not exist). Opens the Share panel.
 */
export function ShareButton({ baseUrl }: { readonly baseUrl: string }): ReactNode {
  const [owner, setOwner] = useState(false);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const [status, setStatus] = useState<ShareStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    void fetchIsOwner(baseUrl, abort.signal).then(setOwner);
    return () => abort.abort();
  }, [baseUrl]);

  const active = sharing(status);
  useEffect(() => {
    if (!owner || (!open && !active)) return undefined;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (): void => {
      shareApi.status(baseUrl, abort.signal).then(
        (next) => {
          setStatus(next);
          timer = setTimeout(poll, open ? OPEN_POLL_MS : CLOSED_POLL_MS);
        },
        () => {
          if (!abort.signal.aborted) timer = setTimeout(poll, CLOSED_POLL_MS);
        },
      );
    };
    poll();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [owner, open, active, baseUrl]);

  const act = useCallback((action: () => Promise<ShareStatus>) => {
    setBusy(true);
    setError(null);
    action()
      .then(
        (next) => setStatus(next),
        (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
      )
      .finally(() => setBusy(false));
  }, []);
  // Closing (Escape, the ×) puts focus back on the Share button, not on the page's body.
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  if (!owner) return null;
  const visitors = status?.activity.visitorsNow ?? 0;
  return (
    <>
      <button
        type="button"
        className={`share-open${active ? ' share-open--on' : ''}`}
        data-testid="share-button"
        ref={button}
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
      >
        {active ? <span className="share-dot" aria-hidden="true" /> : <ShareIcon />}
        {active ? `Sharing${visitors > 0 ? ` · ${visitors}` : ''}` : 'Share'}
      </button>
      {open ? (
        <SharePanel
          status={status}
          error={error}
          busy={busy}
          onStart={(body: ShareStartBody) => act(() => shareApi.start(baseUrl, body))}
          onRevoke={() => act(() => shareApi.revoke(baseUrl))}
          onStop={() => act(() => shareApi.stop(baseUrl))}
          onClose={close}
        />
      ) : null}
    </>
  );
}

function ShareIcon(): ReactNode {
  return (
    <svg className="share-icon" viewBox="0 0 24 24" aria-hidden="true">
      <path
        d="M18 8a3 3 0 1 0-2.83-4H15a3 3 0 0 0 .17 1L8.9 8.6a3 3 0 1 0 0 6.8l6.27 3.6A3 3 0 1 0 16 17.2l-6.1-3.5a3 3 0 0 0 0-3.4L16 6.8A3 3 0 0 0 18 8Z"
        fill="currentColor"
      />
    </svg>
  );
}
