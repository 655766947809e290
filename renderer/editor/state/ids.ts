import type { JsonObject, JsonValue } from './editor-state.js';
import { arrayAt, isObject, objectAt, own, stringAt } from './json.js';
import { blocksUi, isLayout } from './tree.js';

/**
 * Component ids: events name components by them, so they are unique in a project. New, duplicated
 * and pasted components get a fresh id (`textbox_1`, `name_2`); a pasted component keeps its own id
 * when the project has no component of that id yet (copy between projects keeps the names).
 */

/** Every id in the UI: Blocks components and layouts, or the Interface's inputs and outputs. */
export function usedIds(doc: JsonObject): Set<string> {
  const ids = new Set<string>();
  const visit = (node: JsonValue): void => {
    if (!isObject(node)) return;
    const id = stringAt(own(node, 'id'));
    if (id !== undefined) ids.add(id);
    if (isLayout(node)) (arrayAt(own(node, 'children')) ?? []).forEach(visit);
  };
  const ui = objectAt(own(doc, 'ui'));
  if (!ui) return ids;
  if (blocksUi(doc)) (arrayAt(own(ui, 'children')) ?? []).forEach(visit);
  else [...(arrayAt(own(ui, 'inputs')) ?? []), ...(arrayAt(own(ui, 'outputs')) ?? [])].forEach(visit);
  return ids;
}

/** `base_1`, `base_2`, ...: the first not in `taken`. A trailing `_<n>` of `base` is dropped first. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/_\d+$/, '') || 'component';
  for (let n = 1; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * `nodes` with ids that do not collide with `taken` (nor with each other): a component that has
 * none, or whose id is taken (`always`: every one, as for a duplicate), gets a fresh one. Layout
 * ids are kept only when free, and otherwise dropped (nothing names a layout).
 */
export function withFreshIds(nodes: readonly JsonValue[], taken: ReadonlySet<string>, always = false): JsonValue[] {
  const used = new Set(taken);
  const visit = (node: JsonValue): JsonValue => {
    if (!isObject(node)) return node;
    const id = stringAt(own(node, 'id'));
    if (isLayout(node)) {
      const { id: _id, children, ...rest } = node;
      const keep = id !== undefined && !used.has(id) && !always;
      if (keep) used.add(id);
      const kids = (arrayAt(children) ?? []).map(visit);
      return keep ? idFirst({ ...rest, children: kids }, id) : { ...rest, children: kids };
    }
    const keep = id !== undefined && !used.has(id) && !always;
    const next = keep ? id : freshId(id ?? stringAt(own(node, 'type')) ?? 'component', used);
    used.add(next);
    return idFirst(node, next);
  };
  return nodes.map(visit);
}

/** The node with `id` right after `type` (where people look for it in the file). */
export function idFirst(node: JsonObject, id: string): JsonObject {
  const { type, id: _id, ...rest } = node;
  return type === undefined ? { id, ...rest } : { type, id, ...rest };
}
