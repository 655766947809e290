import type { ActionRegistry } from '../state/action.js';

/** The inspector's and panels' actions (set a property, add a model or an event). Placeholder. */
export function registerInspectorActions(_registry: ActionRegistry): void {
  // Nothing yet.
}
