import type { EditorState, JsonValue } from './editor-state.js';
import { getIn, isObject, own, stringAt } from './json.js';
import { isComponentType } from './new-nodes.js';
import { isLayoutType, nodeAt } from './tree.js';

/**
 * Copy and paste go through the system clipboard as JSON text: the node exactly as project.json
 * writes it (a list for several), so a copy from one project pastes into another, into a text
 * editor, or from a hand-written snippet. Events are not copied: they belong to the page, and a
 * pasted component gets a fresh id wherever its own is taken.
 */

/** The selected component or layout as clipboard text, or undefined when nothing copyable is selected. */
export function copyText(state: EditorState): string | undefined {
  const selection = state.selection;
  let node: JsonValue | undefined;
  if (selection?.area === 'block') node = nodeAt(state.doc, selection.path);
  if (selection?.area === 'interface') node = getIn(state.doc, ['ui', selection.side, selection.index]);
  return node === undefined ? undefined : JSON.stringify(node, null, 2);
}

export type ParsedClipboard = { readonly nodes: JsonValue[] } | { readonly problem: string };

/** The nodes in clipboard text, or why it holds none (named, so the status line can say it). */
export function parseClipboard(text: string): ParsedClipboard {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'The clipboard holds no component: its text is not JSON.' };
  }
  const nodes = Array.isArray(value) ? (value as JsonValue[]) : [value as JsonValue];
  if (nodes.length === 0) return { problem: 'The clipboard holds an empty list.' };
  for (const node of nodes) {
    const type = isObject(node) ? stringAt(own(node, 'type')) : undefined;
    if (type === undefined || !(isComponentType(type) || isLayoutType(type))) {
      return { problem: `The clipboard holds JSON, but not a component or layout (a "type" such as "textbox" or "row").` };
    }
  }
  return { nodes };
}
