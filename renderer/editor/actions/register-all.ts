import { registerCanvasActions } from '../canvas/canvas-actions.js';
import { registerInspectorActions } from '../inspector/inspector-actions.js';
import type { ActionRegistry } from '../state/action.js';
import { registerEditorActions } from './editor-actions.js';

/** Every area registers its actions here, once per editor (store/use-editor.tsx calls it). */
export function registerAllActions(registry: ActionRegistry): void {
  registerEditorActions(registry);
  registerCanvasActions(registry);
  registerInspectorActions(registry);
}
