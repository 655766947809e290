import { useEffect, useState, type FocusEvent, type ReactNode } from 'react';
import { echoesInlineError, toastDuration, type Toast } from './toasts.js';
import { useAutoDismiss } from './use-auto-dismiss.js';

interface ToastsProps {
  readonly toasts: readonly Toast[];
  readonly onDismiss: (id: number) => void;
  readonly onRetry: (id: number) => void;
}

/**
 * Notices over the page, newest last; Escape closes the newest. Each is announced as an alert.
 * Errors go by themselves (toastDuration), the queue-full toast stays until Retry or close. On a
 * phone, a toast that repeats an inline error is only read out (echoesInlineError).
 */
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
        <ToastItem key={toast.id} toast={toast} onDismiss={onDismiss} onRetry={onRetry} />
      ))}
    </section>
  );
}

interface ToastItemProps {
  readonly toast: Toast;
  readonly onDismiss: (id: number) => void;
  readonly onRetry: (id: number) => void;
}

/** One toast; its auto-dismiss timer pauses while the pointer is over it or focus is inside. */
function ToastItem({ toast, onDismiss, onRetry }: ToastItemProps): ReactNode {
  const [pointerOver, setPointerOver] = useState(false);
  const [focusInside, setFocusInside] = useState(false);
  const paused = pointerOver || focusInside;
  useAutoDismiss(toastDuration(toast), paused, () => onDismiss(toast.id));
  const onBlur = (event: FocusEvent<HTMLDivElement>): void => {
    if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setFocusInside(false);
  };
  return (
    <div
      className={`toast toast--${toast.kind}${echoesInlineError(toast) ? ' toast--echo' : ''}`}
      role="alert"
      data-testid={`toast-${toast.kind}`}
      data-paused={paused ? '' : undefined}
      onPointerEnter={() => setPointerOver(true)}
      onPointerLeave={() => setPointerOver(false)}
      onFocus={() => setFocusInside(true)}
      onBlur={onBlur}
    >
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
  );
}
