import { LAYOUT_TYPES, type LayoutType } from '../../../preload/shared/project/schema-ui.js';
import type { JsonObject, JsonValue } from './editor-state.js';
import { arrayAt, isObject, objectAt, own, stringAt } from './json.js';

/**
 * The Blocks tree of the document (`ui.children`) addressed by paths of child indexes: `[2, 0]` is
 * the first child of the third top-level node. Every function is pure and answers undefined (or a
 * reason) where the document does not have the shape asked for, since the document may be invalid.
 *
 * Invariants every placement keeps:
 * - only layouts (row, column, tabs, tab, accordion, group) hold children;
 * - a tab sits only inside tabs, and tabs hold only tabs;
 * - a node never moves into itself or one of its descendants.
 */

export type NodePath = readonly number[];

/** Where a node goes: the parent's path (`[]` is the top level) and the index among its children. */
export interface Place {
  readonly parent: NodePath;
  readonly index: number;
}

export function isLayoutType(type: string | undefined): type is LayoutType {
  return type !== undefined && (LAYOUT_TYPES as readonly string[]).includes(type);
}

export function nodeType(node: JsonValue | undefined): string | undefined {
  return isObject(node) ? stringAt(own(node, 'type')) : undefined;
}

export function isLayout(node: JsonValue | undefined): node is JsonObject {
  return isLayoutType(nodeType(node));
}

/** The Blocks UI object, or undefined when the document is an Interface (or broken). */
export function blocksUi(doc: JsonObject): JsonObject | undefined {
  const ui = objectAt(own(doc, 'ui'));
  return ui && own(ui, 'type') === 'blocks' ? ui : undefined;
}

export function samePath(a: NodePath, b: NodePath): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** Whether `ancestor` is `path` itself or one of its ancestors. */
export function isPrefix(ancestor: NodePath, path: NodePath): boolean {
  return ancestor.length <= path.length && ancestor.every((n, i) => n === path[i]);
}

export const parentOf = (path: NodePath): NodePath => path.slice(0, -1);
export const indexOf = (path: NodePath): number => path.at(-1) ?? 0;

/** The children list at `parent` (`[]`: the top level), or undefined if it is not a container. */
export function childrenAt(doc: JsonObject, parent: NodePath): readonly JsonValue[] | undefined {
  const ui = blocksUi(doc);
  if (!ui) return undefined;
  let children = arrayAt(own(ui, 'children'));
  for (const index of parent) {
    const node = children?.[index];
    children = isLayout(node) ? arrayAt(own(node, 'children')) : undefined;
  }
  return children;
}

export function nodeAt(doc: JsonObject, path: NodePath): JsonObject | undefined {
  if (path.length === 0) return undefined;
  return objectAt(childrenAt(doc, parentOf(path))?.[indexOf(path)]);
}

/** The layout type of the container at `parent`; null for the top level. */
function containerType(doc: JsonObject, parent: NodePath): string | null | undefined {
  return parent.length === 0 ? null : nodeType(nodeAt(doc, parent));
}

/** Why `node` may not go into the container at `parent`, or null when it may. */
export function placeProblem(doc: JsonObject, node: JsonValue, parent: NodePath): string | null {
  if (!childrenAt(doc, parent)) return 'only a row, column, tabs, tab, accordion or group holds other blocks';
  const container = containerType(doc, parent);
  const type = nodeType(node);
  if (type === 'tab' && container !== 'tabs') return 'a tab goes only inside tabs';
  if (container === 'tabs' && type !== 'tab') return 'tabs hold only tabs: put it inside one of the tabs';
  return null;
}

/** Replaces the children list at `parent` through `change`; undefined if `parent` is not a container. */
function withChildren(doc: JsonObject, parent: NodePath, change: (children: JsonValue[]) => JsonValue[]): JsonObject | undefined {
  const ui = blocksUi(doc);
  const root = arrayAt(ui ? own(ui, 'children') : undefined);
  if (!ui || !root) return undefined;
  const rebuild = (children: readonly JsonValue[], depth: number): JsonValue[] | undefined => {
    const index = parent[depth];
    if (index === undefined) return change([...children]);
    const node = children[index];
    const inner = isLayout(node) ? arrayAt(own(node, 'children')) : undefined;
    const next = inner && rebuild(inner, depth + 1);
    if (!next || !isObject(node)) return undefined;
    const copy = [...children];
    copy[index] = { ...node, children: next };
    return copy;
  };
  const children = rebuild(root, 0);
  return children && { ...doc, ui: { ...ui, children } };
}

/** `doc` with `nodes` inserted at `place` (the index clamped to the list), or undefined if the place is no container. */
export function insertNodes(doc: JsonObject, place: Place, nodes: readonly JsonValue[]): JsonObject | undefined {
  return withChildren(doc, place.parent, (children) => {
    const index = Math.max(0, Math.min(place.index, children.length));
    children.splice(index, 0, ...nodes);
    return children;
  });
}

export function removeNode(doc: JsonObject, path: NodePath): { doc: JsonObject; node: JsonObject } | undefined {
  const node = nodeAt(doc, path);
  const next = node && withChildren(doc, parentOf(path), (children) => children.filter((_, i) => i !== indexOf(path)));
  return node && next ? { doc: next, node } : undefined;
}

/** `doc` with the node at `path` replaced by `change(node)`. */
export function updateNode(doc: JsonObject, path: NodePath, change: (node: JsonObject) => JsonObject): JsonObject | undefined {
  const node = nodeAt(doc, path);
  if (!node) return undefined;
  return withChildren(doc, parentOf(path), (children) => {
    children[indexOf(path)] = change(node);
    return children;
  });
}

/**
 * Where the place `to` (given in the tree before the move) is once the node at `from` is taken
 * out: later siblings of `from`, and everything under them, shift one index down.
 */
export function placeAfterRemoval(from: NodePath, to: Place): Place {
  const depth = from.length - 1;
  const sameParent = samePath(parentOf(from), to.parent);
  if (sameParent) return { parent: to.parent, index: to.index > indexOf(from) ? to.index - 1 : to.index };
  const underSibling = to.parent.length > depth && isPrefix(parentOf(from), to.parent) && (to.parent[depth] ?? 0) > indexOf(from);
  if (!underSibling) return to;
  const parent = [...to.parent];
  parent[depth] = (parent[depth] ?? 0) - 1;
  return { parent, index: to.index };
}

export type MoveResult = { readonly doc: JsonObject; readonly path: NodePath } | { readonly problem: string };

/** Moves the node at `from` to `to` (a place in the tree before the move); the result names its new path. */
export function moveNode(doc: JsonObject, from: NodePath, to: Place): MoveResult {
  const node = nodeAt(doc, from);
  if (!node) return { problem: 'nothing is at that place' };
  if (isPrefix(from, to.parent)) return { problem: 'a container cannot go inside itself' };
  const problem = placeProblem(doc, node, to.parent);
  if (problem) return { problem };
  const removed = removeNode(doc, from);
  const place = placeAfterRemoval(from, to);
  const inserted = removed && insertNodes(removed.doc, place, [node]);
  if (!inserted) return { problem: 'nothing is at that place' };
  const count = childrenAt(removed.doc, place.parent)?.length ?? 0;
  return { doc: inserted, path: [...place.parent, Math.max(0, Math.min(place.index, count))] };
}

/** Every node's path in reading order (a node before its children): what arrow keys walk. */
export function readingOrder(doc: JsonObject): NodePath[] {
  const out: NodePath[] = [];
  const walk = (parent: NodePath): void => {
    (childrenAt(doc, parent) ?? []).forEach((node, i) => {
      const path = [...parent, i];
      out.push(path);
      if (isLayout(node)) walk(path);
    });
  };
  walk([]);
  return out;
}

/** Every component (not layout) inside `node`, itself included. */
export function componentsIn(node: JsonValue): JsonObject[] {
  if (!isObject(node)) return [];
  if (!isLayout(node)) return [node];
  return (arrayAt(own(node, 'children')) ?? []).flatMap(componentsIn);
}
