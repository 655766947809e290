import type { EditorAction } from './action.js';
import type { EditorState } from './editor-state.js';

/**
 * Undo/redo over editor states. Only actions that record history push an entry; selection-only
 * actions change `present` alone. Consecutive edits with the same `coalesce` key (typing into one
 * inspector field) make one entry, so one undo takes back the whole word, not a letter.
 *
 * Invariant: `past` and `future` hold states whose documents differ from their neighbours'.
 */
export interface History {
  readonly past: readonly EditorState[];
  readonly present: EditorState;
  readonly future: readonly EditorState[];
  /** The coalesce key of the last recorded edit, if it may still be merged into. */
  readonly openKey: string | null;
}

/** How many undo steps are kept. */
export const HISTORY_LIMIT = 200;

export function startHistory(state: EditorState): History {
  return { past: [], present: state, future: [], openKey: null };
}

export interface ApplyOptions {
  /** Edits with the same key in a row become one undo step. */
  readonly coalesce?: string;
}

export function apply<P>(history: History, action: EditorAction<P>, payload: P, options: ApplyOptions = {}): History {
  if (action.enabled && !action.enabled(history.present)) return history;
  const next = action.perform(history.present, payload);
  if (next === history.present) return history;
  if (!action.recordsHistory || next.doc === history.present.doc) return { ...history, present: next };
  const key = options.coalesce ?? null;
  if (key !== null && key === history.openKey) return { ...history, present: next, future: [] };
  const past = [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], openKey: key };
}

export function undo(history: History): History {
  const previous = history.past.at(-1);
  if (!previous) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], openKey: null };
}

export function redo(history: History): History {
  const [next, ...rest] = history.future;
  if (!next) return history;
  return { past: [...history.past, history.present], present: next, future: rest, openKey: null };
}

export const canUndo = (history: History): boolean => history.past.length > 0;
export const canRedo = (history: History): boolean => history.future.length > 0;
