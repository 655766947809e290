import { SERVER_STOPPED_MESSAGE } from '../../preload/shared/server-stopped.js';
import { errorTitle } from './format.js';

/**
 * Toasts: short notices over the page (Gradio shows errors this way). Pure list operations; the
 * controller keeps the list in its state, the Toasts component draws it.
 */

/** What the JS client says when the server refuses a job because the queue is full (503). */
export const QUEUE_FULL_MESSAGE = 'This application is currently busy. Please try again.';

export type FailureKind = 'queue-full' | 'connection' | 'error';

/** Sorts a failed run's message: a full queue (retry), a lost connection (reconnect), or an error. */
export function failureKind(message: string): FailureKind {
  const text = message.trim();
  if (text.startsWith(QUEUE_FULL_MESSAGE)) return 'queue-full';
  if (
    text.startsWith(SERVER_STOPPED_MESSAGE) ||
    /^Connection errored out/i.test(text) ||
    /Failed to fetch|NetworkError|Could not reach the demo server|Load failed/i.test(text)
  ) {
    return 'connection';
  }
  return 'error';
}

export interface Toast {
  readonly id: number;
  readonly kind: 'queue-full' | 'error';
  readonly title: string;
  readonly message: string;
  /** The dependency whose run failed: Retry runs it again. */
  readonly depId: number;
}

/** At most this many toasts stay on screen; older ones go first. */
export const MAX_TOASTS = 3;

/** The toast for a failed run, or null when the failure is shown some other way (connection). */
export function toastForFailure(id: number, depId: number, message: string, title: string | null): Toast | null {
  switch (failureKind(message)) {
    case 'connection':
      return null;
    case 'queue-full':
      return {
        id,
        kind: 'queue-full',
        depId,
        title: 'The queue is full',
        message: 'Too many people are using this demo right now. Try again in a moment.',
      };
    case 'error':
      return { id, kind: 'error', depId, title: errorTitle(title), message };
  }
}

/** Adds a toast (replacing an older one for the same run and kind), keeping the newest MAX_TOASTS. */
export function pushToast(list: readonly Toast[], toast: Toast): readonly Toast[] {
  const rest = list.filter((t) => !(t.depId === toast.depId && t.kind === toast.kind));
  return [...rest, toast].slice(-MAX_TOASTS);
}

/**
 * How long an error toast stays by itself: Gradio's `gr.Error` and `gr.Warning` default
 * (`duration=10` seconds), long enough to read a traceback title and a sentence or two. The inline
 * error next to the output stays, so nothing is lost when the toast goes.
 */
export const ERROR_TOAST_MS = 10_000;

/**
 * A toast's auto-dismiss time in ms, or null when it stays until acted on or closed: the queue-full
 * toast offers Retry, which the user would otherwise miss.
 */
export function toastDuration(toast: Pick<Toast, 'kind'>): number | null {
  switch (toast.kind) {
    case 'error':
      return ERROR_TOAST_MS;
    case 'queue-full':
      return null;
  }
}

/**
 * Whether the toast repeats what the page already shows next to the output: a failed run's error
 * stays inline (JobStatus), so its toast only announces it. On a phone such a toast would cover
 * the page, often the very error it repeats, so there it is only read out (styles.css hides it
 * visually; it stays a `role="alert"`). The queue-full toast asks for an action and always shows.
 */
export function echoesInlineError(toast: Pick<Toast, 'kind'>): boolean {
  switch (toast.kind) {
    case 'error':
      return true;
    case 'queue-full':
      return false;
  }
}

export function dismissToast(list: readonly Toast[], id: number): readonly Toast[] {
  return list.some((t) => t.id === id) ? list.filter((t) => t.id !== id) : list;
}
