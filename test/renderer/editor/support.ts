import { registerAllActions } from '../../../renderer/editor/actions/register-all.js';
import { ActionRegistry } from '../../../renderer/editor/state/action.js';
import {
  createState,
  type EditorState,
  type JsonObject,
  type JsonValue,
  type Selection,
} from '../../../renderer/editor/state/editor-state.js';
import { apply, startHistory, type History } from '../../../renderer/editor/state/history.js';

/** Every action, registered as the editor does. */
export function editorRegistry(): ActionRegistry {
  const registry = new ActionRegistry();
  registerAllActions(registry);
  return registry;
}

const registry = editorRegistry();

/** Deep-frozen: an action that mutates its input throws (tests run in strict mode). */
export function frozen<T extends JsonValue>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

/** Runs a registered action on `state` with its document frozen (documents are never mutated, so a mutation fails the test). */
export function perform(state: EditorState, id: string, payload: unknown): EditorState {
  frozen(state.doc);
  return registry.get<unknown>(id).perform(state, payload);
}

/** Applies through the history, as the editor's dispatch does. */
export function applyAction(history: History, id: string, payload: unknown, coalesce?: string): History {
  return apply(history, registry.get<unknown>(id), payload, coalesce === undefined ? {} : { coalesce });
}

export function blocksDoc(children: JsonValue[], events: JsonValue[] = [], extra: JsonObject = {}): JsonObject {
  return frozen({
    version: 1,
    name: 'test',
    functions: { greet: { kind: 'js', module: './greet.js', export: 'greet' } },
    ui: { type: 'blocks', children, events },
    ...extra,
  });
}

export function stateOf(doc: JsonObject, selection: Selection | null = null): EditorState {
  return createState(doc, selection);
}

export function historyOf(doc: JsonObject, selection: Selection | null = null): History {
  return startHistory(createState(doc, selection));
}

export const textbox = (id: string, extra: JsonObject = {}): JsonObject => ({ type: 'textbox', id, ...extra });
export const button = (id: string): JsonObject => ({ type: 'button', id, value: 'Go' });
export const layout = (type: string, children: JsonValue[], extra: JsonObject = {}): JsonObject => ({ type, ...extra, children });

/** The document's UI children, for short expectations. */
export function children(state: EditorState): JsonValue {
  return (state.doc.ui as JsonObject).children ?? null;
}

export function events(state: EditorState): JsonValue {
  return (state.doc.ui as JsonObject).events ?? null;
}
