import type { ComponentInfo, Dependency } from './config.js';
import type { Values } from './values.js';

/**
 * Inputs a run needs before the page calls (/config `required_inputs`: file inputs a model takes
 * as they are): the message to show next to each empty one, instead of sending null and showing
 * the function's error. Pure.
 */

/** What to tell the user about an empty required input of this type. */
export function missingMessage(type: string): string {
  switch (type) {
    case 'image':
      return 'Upload an image first';
    case 'audio':
      return 'Record or upload audio first';
    default:
      return 'Upload a file first';
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Component id → message, for each required input of `dep` that has no value; empty when it may run. */
export function missingInputs(
  dep: Dependency,
  values: Values,
  components: ReadonlyMap<number, ComponentInfo>,
): ReadonlyMap<number, string> {
  const missing = new Map<number, string>();
  for (const id of dep.requiredInputs) {
    if (isEmpty(values.get(id))) missing.set(id, missingMessage(components.get(id)?.type ?? 'file'));
  }
  return missing;
}
