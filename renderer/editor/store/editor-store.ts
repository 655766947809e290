import type { ActionRegistry } from '../state/action.js';
import { createState, type EditorState, type JsonObject } from '../state/editor-state.js';
import { apply, redo, startHistory, undo, type ApplyOptions, type History } from '../state/history.js';

/**
 * The editor's whole model as one value: the undo history over the document and what the open file
 * is. Pure (no React), so tests drive it the way the page does; store/use-editor.tsx binds it.
 */
export interface EditorStore {
  readonly history: History;
  /** The document as last opened or saved: the file is dirty while the present document differs. */
  readonly savedDoc: JsonObject;
  /** Where the document is saved; null for a new project never saved. */
  readonly path: string | null;
}

/** What changes the store: a registered action by id, undo/redo, or a whole new file. */
export type StoreEvent =
  | { readonly type: 'apply'; readonly actionId: string; readonly payload: unknown; readonly options?: ApplyOptions }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'load'; readonly doc: JsonObject; readonly path: string | null }
  | { readonly type: 'saved'; readonly doc: JsonObject; readonly path: string };

export function openStore(doc: JsonObject, path: string | null): EditorStore {
  return { history: startHistory(createState(doc)), savedDoc: doc, path };
}

/** The reducer: `registry` resolves action ids (an unknown id throws: a programming error). */
export function reduceStore(registry: ActionRegistry, store: EditorStore, event: StoreEvent): EditorStore {
  switch (event.type) {
    case 'apply': {
      const history = apply(store.history, registry.get<unknown>(event.actionId), event.payload, event.options);
      return history === store.history ? store : { ...store, history };
    }
    case 'undo':
      return withHistory(store, undo(store.history));
    case 'redo':
      return withHistory(store, redo(store.history));
    case 'load':
      return openStore(event.doc, event.path);
    case 'saved':
      // The saved document is the one sent; later edits (made while the request ran) stay dirty.
      return { ...store, savedDoc: event.doc, path: event.path };
  }
}

function withHistory(store: EditorStore, history: History): EditorStore {
  return history === store.history ? store : { ...store, history };
}

export const presentState = (store: EditorStore): EditorState => store.history.present;

/** Unsaved changes: undoing back to the saved document makes the file clean again. */
export const isDirty = (store: EditorStore): boolean => store.history.present.doc !== store.savedDoc;
