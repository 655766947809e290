import { registerEventActions } from '../actions/event-actions.js';
import { registerFunctionActions } from '../actions/function-actions.js';
import { registerModelActions } from '../actions/model-actions.js';
import { registerProjectActions } from '../actions/project-actions.js';
import { registerTuneActions } from '../actions/tune-actions.js';
import type { ActionRegistry } from '../state/action.js';

/** The inspector's and panels' actions: models, functions, events and the project's fields (block props are the canvas's). */
export function registerInspectorActions(registry: ActionRegistry): void {
  registerModelActions(registry);
  registerFunctionActions(registry);
  registerEventActions(registry);
  registerProjectActions(registry);
  registerTuneActions(registry);
}
