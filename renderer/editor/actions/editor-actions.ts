import type { ActionRegistry, EditorAction } from '../state/action.js';
import { withDoc, type JsonObject, type Selection } from '../state/editor-state.js';

/**
 * The editor's own actions, used by every area: select something (the issues list, the preview's
 * issues, the outline) and replace the whole document (the JSON view: one undoable edit).
 */

export const SELECT = 'editor.select';
export const REPLACE_DOCUMENT = 'editor.replaceDocument';

const select: EditorAction<Selection | null> = {
  id: SELECT,
  label: 'Select',
  recordsHistory: false,
  needsPayload: true,
  perform: (state, selection) => ({ ...state, selection }),
};

const replaceDocument: EditorAction<JsonObject> = {
  id: REPLACE_DOCUMENT,
  label: 'Replace the document',
  recordsHistory: true,
  needsPayload: true,
  perform: (state, doc) => withDoc(state, doc),
};

export function registerEditorActions(registry: ActionRegistry): void {
  registry.register(select);
  registry.register(replaceDocument);
}
