import { checkProject } from '../../../preload/shared/project/check.js';
import type { ProjectIssue } from '../../../preload/shared/project/validation-error.js';

/**
 * The editor's state: the project document being edited and what is selected. The document is
 * the project.json object exactly as it will be saved (camelCase, project.json's own shape), kept
 * as plain JSON even while it is invalid, so every edit, the JSON view and the saved file agree.
 * Everything else (panels open, drag in progress) is view state and lives in React, not here.
 */

/** A JSON object: the document and its parts. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** What the inspector shows. Paths into the Blocks tree are child indexes from `ui.children`. */
export type Selection =
  | { readonly area: 'project' }
  | { readonly area: 'block'; readonly path: readonly number[] }
  | { readonly area: 'interface'; readonly side: 'inputs' | 'outputs'; readonly index: number }
  | { readonly area: 'model'; readonly name: string }
  | { readonly area: 'function'; readonly name: string }
  | { readonly area: 'event'; readonly index: number };

export interface EditorState {
  readonly doc: JsonObject;
  readonly selection: Selection | null;
  /** Problems of `doc` from the shared checkProject (schema + references), every one at once. */
  readonly issues: readonly ProjectIssue[];
  /**
   * What the last action did beyond the obvious, or why it did nothing ("a tab goes only inside
   * tabs"), for the status line. Actions that have nothing to say clear it.
   */
  readonly notice?: string | undefined;
}

export function createState(doc: JsonObject, selection: Selection | null = null): EditorState {
  return { doc, selection, issues: checkProject(doc).issues };
}

/** `state` with a new document: its issues are checked again with the shared schema. */
export function withDoc(state: EditorState, doc: JsonObject): EditorState {
  return doc === state.doc ? state : { ...state, doc, issues: checkProject(doc).issues };
}
