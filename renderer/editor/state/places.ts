import type { EditorState, JsonObject, JsonValue } from './editor-state.js';
import { childrenAt, indexOf, isLayout, nodeAt, nodeType, parentOf, placeProblem, type NodePath, type Place } from './tree.js';

/** Where keyboard and click edits put things, relative to what is selected. */

export function selectedPath(state: EditorState): NodePath | undefined {
  return state.selection?.area === 'block' ? state.selection.path : undefined;
}

const endOf = (doc: JsonObject, parent: NodePath): Place => ({ parent, index: childrenAt(doc, parent)?.length ?? 0 });
const after = (path: NodePath): Place => ({ parent: parentOf(path), index: indexOf(path) + 1 });

/**
 * Where a new or pasted node goes: into the selected container (at its end; into the last tab of
 * selected tabs), else right after the selection, else after the first ancestor where it may go (a tab added beside a component in a tab
 * lands after that tab); with nothing selected, at the end of the page. Undefined: nowhere fits.
 */
export function insertionPlace(state: EditorState, node: JsonValue): Place | undefined {
  const path = selectedPath(state);
  const candidates: Place[] = [];
  if (path && nodeAt(state.doc, path)) {
    if (isLayout(nodeAt(state.doc, path))) candidates.push(endOf(state.doc, path));
    // Tabs selected: a component goes into the last tab (the one a new tab just made).
    const tabs = nodeType(nodeAt(state.doc, path)) === 'tabs' ? (childrenAt(state.doc, path)?.length ?? 0) : 0;
    if (tabs > 0) candidates.push(endOf(state.doc, [...path, tabs - 1]));
    for (let p: NodePath = path; p.length > 0; p = parentOf(p)) candidates.push(after(p));
  }
  candidates.push(endOf(state.doc, []));
  return candidates.find((place) => placeProblem(state.doc, node, place.parent) === null);
}

/**
 * Alt+Up / Alt+Down: one step among the siblings; from the first (last) child, out of the container
 * to just before (after) it. Undefined when there is nowhere to go.
 */
export function stepPlace(doc: JsonObject, path: NodePath, direction: -1 | 1): Place | undefined {
  const node = nodeAt(doc, path);
  const siblings = childrenAt(doc, parentOf(path)) ?? [];
  const index = indexOf(path);
  const candidates: Place[] = [];
  if (index + direction >= 0 && index + direction < siblings.length) {
    // Moving down past the next sibling means index + 2 in the list before the move.
    candidates.push({ parent: parentOf(path), index: direction < 0 ? index - 1 : index + 2 });
  } else if (path.length > 1) {
    const parent = parentOf(path);
    candidates.push({ parent: parentOf(parent), index: indexOf(parent) + (direction < 0 ? 0 : 1) });
  }
  return candidates.find((place) => node !== undefined && placeProblem(doc, node, place.parent) === null);
}

/** Alt+Left: out of the container, just after it. */
export function outPlace(doc: JsonObject, path: NodePath): Place | undefined {
  const node = nodeAt(doc, path);
  if (!node || path.length < 2) return undefined;
  const place = after(parentOf(path));
  return placeProblem(doc, node, place.parent) === null ? place : undefined;
}

/**
 * Alt+Right: into the container just before it (at its end) or, if there is none, the one just
 * after it (at its start). Into tabs means into their last (first) tab.
 */
export function intoPlace(doc: JsonObject, path: NodePath): Place | undefined {
  const node = nodeAt(doc, path);
  if (!node) return undefined;
  const parent = parentOf(path);
  const index = indexOf(path);
  const targets: { path: NodePath; atEnd: boolean }[] = [
    { path: [...parent, index - 1], atEnd: true },
    { path: [...parent, index + 1], atEnd: false },
  ];
  for (const target of targets) {
    if (index === 0 && target.atEnd) continue;
    const container = innerContainer(doc, target.path, node, target.atEnd);
    if (container) return { parent: container, index: target.atEnd ? (childrenAt(doc, container)?.length ?? 0) : 0 };
  }
  return undefined;
}

function innerContainer(doc: JsonObject, path: NodePath, node: JsonValue, atEnd: boolean): NodePath | undefined {
  const target = nodeAt(doc, path);
  if (!isLayout(target)) return undefined;
  if (placeProblem(doc, node, path) === null) return path;
  if (nodeType(target) !== 'tabs') return undefined;
  const tabs = childrenAt(doc, path) ?? [];
  if (tabs.length === 0) return undefined;
  const tab = [...path, atEnd ? tabs.length - 1 : 0];
  return placeProblem(doc, node, tab) === null ? tab : undefined;
}

/** After a delete: the next sibling, else the previous one, else the parent; null when the page is empty. */
export function selectionAfterDelete(doc: JsonObject, path: NodePath): NodePath | null {
  const siblings = childrenAt(doc, parentOf(path)) ?? [];
  const index = indexOf(path);
  if (index < siblings.length) return path;
  if (siblings.length > 0) return [...parentOf(path), siblings.length - 1];
  return path.length > 1 ? parentOf(path) : null;
}
