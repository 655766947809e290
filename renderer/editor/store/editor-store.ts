import type { DocumentSource } from '../../../preload/shared/editor/editor-api.js';
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
  /**
   * Where the document comes from: its file (null for a new project never saved) and, until it is
   * saved, the template it was made from; the server resolves its relative paths from there.
   */
  readonly source: DocumentSource;
}

/** What changes the store: a registered action by id, undo/redo, or a whole new file. */
export type StoreEvent =
  | { readonly type: 'apply'; readonly actionId: string; readonly payload: unknown; readonly options?: ApplyOptions }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'load'; readonly doc: JsonObject; readonly source: DocumentSource }
  | { readonly type: 'saved'; readonly doc: JsonObject; readonly path: string };

export function openStore(doc: JsonObject, source: DocumentSource): EditorStore {
  return { history: startHistory(createState(doc)), savedDoc: doc, source };
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
      return openStore(event.doc, event.source);
    case 'saved':
      // The saved document is the one sent; later edits (made while the request ran) stay dirty.
      // Saved, it is a file of its own: its template no longer matters.
      return { ...store, savedDoc: event.doc, source: { path: event.path, template: null } };
  }
}

function withHistory(store: EditorStore, history: History): EditorStore {
  return history === store.history ? store : { ...store, history };
}

export const presentState = (store: EditorStore): EditorState => store.history.present;

/**
 * Unsaved changes: the document differs from the saved one. Undoing back to it makes the file
 * clean again, and so does typing the same JSON back (a new object with the same text, key order
 * included, is what Save would write anyway).
 */
export function isDirty(store: EditorStore): boolean {
  const doc = store.history.present.doc;
  return doc !== store.savedDoc && JSON.stringify(doc) !== JSON.stringify(store.savedDoc);
}
