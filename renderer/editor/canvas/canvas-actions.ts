import { registerBlockAddActions } from '../actions/block-add-actions.js';
import { registerBlockEditActions } from '../actions/block-edit-actions.js';
import { registerBlockMoveActions } from '../actions/block-move-actions.js';
import { registerInterfaceActions } from '../actions/interface-actions.js';
import { registerInterfaceToBlocks } from '../actions/interface-to-blocks.js';
import { registerSelectActions } from '../actions/select-actions.js';
import type { ActionRegistry } from '../state/action.js';

/** The canvas's actions: add, move, delete, duplicate, paste, select; the Interface form and its conversion. */
export function registerCanvasActions(registry: ActionRegistry): void {
  registerSelectActions(registry);
  registerBlockAddActions(registry);
  registerBlockMoveActions(registry);
  registerBlockEditActions(registry);
  registerInterfaceActions(registry);
  registerInterfaceToBlocks(registry);
}
