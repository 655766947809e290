import { useEffect, type ReactNode } from 'react';
import type { Toast } from './toasts.js';

interface ToastsProps {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
  readonly onRetry: (id: number) => void;
}

/** Notices over the page, newest last; Escape closes the newest. Each is announced as an alert. */
export function Toasts({ toasts, onDismiss, onRetry }: ToastsProps): ReactNode {
  const newest = toasts.at(-1)?.id;
  useEffect(() => {
    if (newest === undefined) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !event.defaultPrevented) onDismiss(newest);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [newest, onDismiss]);
  if (toasts.length === 0) return null;
  return (
    <section className="toasts" aria-label="Notifications" data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.kind}`} role="alert" data-testid={`toast-${toast.kind}`}>
          <div className="toast-body">
            <strong className="toast-title">{toast.title}</strong>
            <p className="toast-message">{toast.message}</p>
          </div>
          <div className="toast-actions">
            {toast.kind === 'queue-full' ? (
              <button type="button" className="btn btn--small btn--primary" onClick={() => onRetry(toast.id)}>
                Retry
              </button>
            ) : null}
            <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => onDismiss(toast.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
