import type { ActionRegistry } from '../state/action.js';
import { registerBlockAddActions } from './block-add-actions.js';
import { registerBlockEditActions } from './block-edit-actions.js';
import { registerBlockMoveActions } from './block-move-actions.js';
import { registerEventActions } from './event-actions.js';
import { registerFunctionActions } from './function-actions.js';
import { registerInterfaceActions } from './interface-actions.js';
import { registerInterfaceToBlocks } from './interface-to-blocks.js';
import { registerModelActions } from './model-actions.js';
import { registerProjectActions } from './project-actions.js';
import { registerSelectActions } from './select-actions.js';

/** Every action of the canvas, the inspector and the panels (the shell registers its own beside them). */
export function registerCanvasActions(registry: ActionRegistry): void {
  registerSelectActions(registry);
  registerBlockAddActions(registry);
  registerBlockMoveActions(registry);
  registerBlockEditActions(registry);
  registerInterfaceActions(registry);
  registerInterfaceToBlocks(registry);
  registerModelActions(registry);
  registerFunctionActions(registry);
  registerEventActions(registry);
  registerProjectActions(registry);
}
