import type { ReactNode } from 'react';
import type { Opened } from '../../preload/shared/home/home-api.js';

export type Status =
  | { readonly kind: 'busy'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'opened'; readonly opened: Opened };

const WHERE: Record<Opened['shownIn'], string> = {
  electron: 'in its window',
  'app-window': 'in its window',
  browser: 'in your browser',
  printed: '',
};

/** What the last action did: busy, the error (the server's sentence), or where the project opened (with its link). */
export function StatusLine(props: { readonly status: Status | null; readonly onDismiss: () => void }): ReactNode {
  const { status } = props;
  if (status === null) return <div className="home-status" role="status" aria-live="polite" />;
  if (status.kind === 'busy') {
    return (
      <div className="home-status home-status--busy" role="status" aria-live="polite">
        <span className="home-spinner" aria-hidden="true" />
        {status.text}
      </div>
    );
  }
  if (status.kind === 'error') {
    return (
      <div className="home-status home-status--error" role="alert">
        <p>{status.text}</p>
        <button type="button" className="btn btn--small" onClick={props.onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  const { opened } = status;
  return (
    <div className="home-status home-status--ok" role="status" aria-live="polite">
      <p>
        {opened.shownIn === 'printed' ? (
          <>
            <strong>{opened.name}</strong> is ready:{' '}
          </>
        ) : (
          <>
            Opened <strong>{opened.name}</strong> {WHERE[opened.shownIn]}.{' '}
          </>
        )}
        <a href={opened.url} target="_blank" rel="noreferrer">
          {opened.shownIn === 'printed' ? opened.url : 'Open its page here'}
        </a>
      </p>
      <button type="button" className="btn btn--small" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
