import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { JsonValue } from '../state/editor-state.js';
import { setIn, type JsonPath } from '../state/json.js';
import { edited, refused } from './edit.js';

/** Project-wide fields: name, description, and the queue (defaultConcurrencyLimit, maxSize, apiOpen, ...). */

export interface ProjectSetPayload {
  /** From the root: `['name']`, `['queue', 'maxSize']`, ... */
  readonly path: JsonPath;
  readonly value: JsonValue | undefined;
}

/** Parts with panels and actions of their own, never set whole from the project panel. */
const OWN_ACTIONS: ReadonlySet<string | number | undefined> = new Set(['ui', 'models', 'functions', 'version']);

export const setProject: EditorAction<ProjectSetPayload> = {
  id: 'project.set',
  label: 'Set a project field',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { path, value }) {
    // The page title is the one part of `ui` the project panel edits (both kinds of UI have it).
    const title = path.length === 2 && path[0] === 'ui' && path[1] === 'title';
    if (path.length === 0 || (OWN_ACTIONS.has(path[0]) && !title))
      return refused(state, `"${String(path[0])}" is edited in its own panel.`);
    return edited(state, setIn(state.doc, path, value));
  },
};

export function registerProjectActions(registry: ActionRegistry): void {
  registry.register(setProject);
}
