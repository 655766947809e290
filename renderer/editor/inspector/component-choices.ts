import type { JsonObject } from '../state/editor-state.js';
import { own, stringAt } from '../state/json.js';
import { kindName } from '../state/new-nodes.js';
import { isLayout, nodeAt, readingOrder } from '../state/tree.js';
import type { Choice } from './IdListPicker.js';

/** The page's components with ids, in reading order, as pickers list them: "name (Textbox)". */
export function componentChoices(doc: JsonObject): Choice[] {
  return readingOrder(doc).flatMap((path) => {
    const node = nodeAt(doc, path);
    const id = node && !isLayout(node) ? stringAt(own(node, 'id')) : undefined;
    return node && id !== undefined ? [{ value: id, label: `${id} (${kindName(own(node, 'type'))})` }] : [];
  });
}

/** Component types by id, for the trigger picker (a button clicks, a textbox submits). */
export function componentTypes(doc: JsonObject): Map<string, string> {
  const types = new Map<string, string>();
  for (const path of readingOrder(doc)) {
    const node = nodeAt(doc, path);
    const id = node ? stringAt(own(node, 'id')) : undefined;
    const type = node ? stringAt(own(node, 'type')) : undefined;
    if (id !== undefined && type !== undefined && node && !isLayout(node)) types.set(id, type);
  }
  return types;
}

/** The events a component kind fires, the likeliest first. */
export function eventsOfKind(type: string | undefined): string[] {
  switch (type) {
    case 'button':
      return ['click'];
    case 'textbox':
      return ['submit', 'change', 'input', 'select'];
    case 'image':
    case 'audio':
    case 'file':
      return ['upload', 'change'];
    case 'gallery':
    case 'dataframe':
    case 'label':
    case 'highlightedtext':
    case 'chatbot':
      return ['select', 'change'];
    default:
      return ['change', 'input', 'select'];
  }
}
