import { withDoc, type EditorState, type JsonObject, type Selection } from '../state/editor-state.js';

/** The state after an edit: the new document (checked again), what is selected, and what to tell the user. */
export function edited(state: EditorState, doc: JsonObject, selection: Selection | null = state.selection, notice?: string): EditorState {
  return { ...withDoc(state, doc), selection, notice };
}

/** The state after an action that did nothing, saying why (the document is untouched: no undo step). */
export function refused(state: EditorState, notice: string): EditorState {
  return state.notice === notice ? state : { ...state, notice };
}

/** A selection-only change; clears the last notice. */
export function selected(state: EditorState, selection: Selection | null): EditorState {
  return { ...state, selection, notice: undefined };
}
