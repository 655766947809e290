import type { ActionRegistry } from '../state/action.js';

/** The canvas's actions (insert, move, delete, duplicate, copy/paste blocks). Placeholder. */
export function registerCanvasActions(_registry: ActionRegistry): void {
  // Nothing yet.
}
