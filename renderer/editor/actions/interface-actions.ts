import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { EditorState, JsonObject, JsonValue } from '../state/editor-state.js';
import { usedIds, withFreshIds } from '../state/ids.js';
import { arrayAt, getIn, objectAt, own, setIn, stringAt, type JsonPath } from '../state/json.js';
import { isComponentType, KIND_NAMES, kindName, newComponent, PALETTE_COMPONENTS } from '../state/new-nodes.js';
import { edited, refused } from './edit.js';

/**
 * Interface mode: inputs → function → outputs. Its components are edited like the canvas's, with
 * the examples kept in step: each example row has one value per input, so adding, removing or
 * reordering an input does the same to that column.
 */

export type Side = 'inputs' | 'outputs';

export interface InterfaceSetPayload {
  /** Inside `ui`: `['fn']`, `['title']`, `['examples', 0, 1]`, `['concurrencyLimit']`, ... */
  readonly path: JsonPath;
  readonly value: JsonValue | undefined;
}

export interface InterfaceAddPayload {
  readonly side: Side;
  readonly type: string;
  /** Default: after the selected one on that side, else at the end. */
  readonly index?: number | undefined;
}

export const isInterface = (state: EditorState): boolean => getIn(state.doc, ['ui', 'type']) === 'interface';

function ui(state: EditorState): JsonObject {
  return objectAt(own(state.doc, 'ui')) ?? {};
}

function list(state: EditorState, side: Side): JsonValue[] {
  return arrayAt(own(ui(state), side)) ?? [];
}

/** The examples with `change` applied to every row (a row is one value per input). */
function examplesWith(state: EditorState, change: (row: JsonValue[]) => JsonValue[]): JsonValue[] | undefined {
  const rows = arrayAt(own(ui(state), 'examples'));
  return rows?.map((row) => (Array.isArray(row) ? change([...row]) : row));
}

function withUi(state: EditorState, next: JsonObject): JsonObject {
  return { ...state.doc, ui: next };
}

/** Inserts components on `side` at `index`; input examples get an empty value in the new column. */
function insertSlots(state: EditorState, side: Side, index: number, nodes: readonly JsonValue[], notice?: string): EditorState {
  const items = list(state, side);
  const at = Math.max(0, Math.min(index, items.length));
  let next: JsonObject = { ...ui(state), [side]: [...items.slice(0, at), ...nodes, ...items.slice(at)] };
  const examples = side === 'inputs' ? examplesWith(state, (row) => (row.splice(at, 0, ...nodes.map(() => null)), row)) : undefined;
  if (examples) next = { ...next, examples };
  return edited(state, withUi(state, next), { area: 'interface', side, index: at }, notice);
}

function defaultSlot(state: EditorState): { side: Side; index: number } {
  const s = state.selection;
  if (s?.area === 'interface') return { side: s.side, index: s.index + 1 };
  return { side: 'inputs', index: list(state, 'inputs').length };
}

/** Pasted or palette components in an Interface: after the selected one (layouts cannot go there). */
export function pasteIntoInterface(state: EditorState, nodes: readonly JsonValue[]): EditorState {
  if (!isInterface(state)) return refused(state, 'This project has no Interface.');
  if (nodes.some((node) => !isComponentType(stringAt(getIn(node, ['type'])) ?? ''))) {
    return refused(state, 'An Interface holds components only: convert it to Blocks to use rows, columns or tabs.');
  }
  const { side, index } = defaultSlot(state);
  return insertSlots(state, side, index, nodes);
}

export const addInterfaceComponent: EditorAction<InterfaceAddPayload> = {
  id: 'interface.add',
  label: 'Add an Interface input or output',
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: (state) =>
    isInterface(state)
      ? (['inputs', 'outputs'] as const).flatMap((side) =>
          PALETTE_COMPONENTS.map((type) => ({ label: `Add ${KIND_NAMES[type]} to the ${side}`, payload: { side, type } })),
        )
      : [],
  perform(state, { side, type, index }) {
    if (!isInterface(state)) return refused(state, 'This project has no Interface.');
    if (!isComponentType(type)) return refused(state, `There is no component "${type}".`);
    const at =
      index ??
      (state.selection?.area === 'interface' && state.selection.side === side ? state.selection.index + 1 : list(state, side).length);
    return insertSlots(state, side, at, [newComponent(type, usedIds(state.doc))]);
  },
};

export function selectedSlot(state: EditorState): { side: Side; index: number; node: JsonValue } | undefined {
  const s = state.selection;
  if (s?.area !== 'interface') return undefined;
  const node = list(state, s.side)[s.index];
  return node === undefined ? undefined : { side: s.side, index: s.index, node };
}

export function deleteSlot(state: EditorState): EditorState {
  const slot = selectedSlot(state);
  if (!slot) return refused(state, 'Select an input or output to delete.');
  const items = list(state, slot.side).filter((_, i) => i !== slot.index);
  let next: JsonObject = { ...ui(state), [slot.side]: items };
  const examples = slot.side === 'inputs' ? examplesWith(state, (row) => row.filter((_, i) => i !== slot.index)) : undefined;
  if (examples) next = { ...next, examples };
  const index = Math.min(slot.index, items.length - 1);
  const selection = index >= 0 ? { area: 'interface' as const, side: slot.side, index } : null;
  const notice = `Deleted the ${kindName(getIn(slot.node, ['type'])).toLowerCase()}${examples && examples.length > 0 ? ' and its column of the examples' : ''}.`;
  return edited(state, withUi(state, next), selection, notice);
}

export function duplicateSlot(state: EditorState): EditorState {
  const slot = selectedSlot(state);
  if (!slot) return refused(state, 'Select an input or output to duplicate.');
  return insertSlots(state, slot.side, slot.index + 1, withFreshIds([slot.node], usedIds(state.doc), true));
}

/** Alt+Up/Down: within its side. Alt+Left/Right (index MAX_SAFE_INTEGER): to the end of the inputs/outputs. */
export function moveSlot(state: EditorState, to: { side: Side; index: number }): EditorState {
  const slot = selectedSlot(state);
  if (!slot) return refused(state, 'Select an input or output to move.');
  const removed = deleteSlot(state);
  const target = list(removed, to.side);
  const switching = to.index === Number.MAX_SAFE_INTEGER;
  if (switching && slot.side === to.side) return refused(state, `It is already one of the ${to.side}.`);
  const index = Math.min(to.index, target.length);
  if (index < 0 || (!switching && to.index > target.length)) return refused(state, 'It cannot go further that way.');
  const moved = insertSlots(removed, to.side, index, [slot.node]);
  if (slot.side !== 'inputs' || to.side !== 'inputs') return { ...moved, notice: undefined };
  // The examples column moves with its input (deleteSlot dropped it, insertSlots added an empty one).
  const column = (arrayAt(own(ui(state), 'examples')) ?? []).map((row) => arrayAt(row)?.[slot.index] ?? null);
  let doc = moved.doc;
  column.forEach((value, row) => (doc = setIn(doc, ['ui', 'examples', row, index], value)));
  return edited(moved, doc, moved.selection);
}

export const setInterface: EditorAction<InterfaceSetPayload> = {
  id: 'interface.set',
  label: 'Set an Interface field',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { path, value }) {
    if (!isInterface(state)) return refused(state, 'This project has no Interface.');
    if (path[0] === 'type') return refused(state, 'Use "Convert to Blocks" to change the kind of UI.');
    return edited(state, setIn(state.doc, ['ui', ...path], value));
  },
};

/** An empty Blocks page becomes an Interface (nothing is lost); a page with components is refused. */
export const startInterface: EditorAction = {
  id: 'interface.start',
  label: 'Use the Interface form (inputs → function → outputs)',
  keywords: ['interface', 'simple', 'form'],
  recordsHistory: true,
  enabled: (state) => !isInterface(state) && (arrayAt(own(ui(state), 'children')) ?? []).length === 0,
  perform(state) {
    if (isInterface(state)) return refused(state, 'This project is an Interface already.');
    const children = arrayAt(own(ui(state), 'children')) ?? [];
    const events = arrayAt(own(ui(state), 'events')) ?? [];
    if (children.length > 0 || events.length > 0)
      return refused(state, 'The page has components or events: the Interface form starts from an empty page.');
    const fn = Object.keys(objectAt(own(state.doc, 'functions')) ?? {})[0] ?? '';
    const title = own(ui(state), 'title');
    const next: JsonObject = { type: 'interface', fn, ...(title === undefined ? {} : { title }), inputs: [], outputs: [] };
    return edited(state, withUi(state, next), null);
  },
};

export interface InterfaceMovePayload {
  readonly from: { readonly side: Side; readonly index: number };
  /** The place before the move (as a drop indicator shows it). */
  readonly to: { readonly side: Side; readonly index: number };
}

/** A drag between the inputs and outputs; the moved component stays selected. */
export const moveInterfaceComponent: EditorAction<InterfaceMovePayload> = {
  id: 'interface.move',
  label: 'Move an Interface input or output',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { from, to }) {
    const at = { ...state, selection: { area: 'interface' as const, ...from } };
    const index = from.side === to.side && to.index > from.index ? to.index - 1 : to.index;
    if (from.side === to.side && index === from.index) return state;
    return moveSlot(at, { side: to.side, index });
  },
};

export function registerInterfaceActions(registry: ActionRegistry): void {
  registry.register(moveInterfaceComponent);
  registry.register(startInterface);
  registry.register(addInterfaceComponent);
  registry.register(setInterface);
}

/** A property of the selected input or output; `id` must be a fresh identifier. */
export function setSlotProp(state: EditorState, key: string, value: JsonValue | undefined): EditorState {
  const slot = selectedSlot(state);
  if (!slot) return refused(state, 'Select an input or output first.');
  if (key === 'type') return refused(state, '"type" is not edited as a property.');
  if (key === 'id' && typeof value === 'string' && value !== getIn(slot.node, ['id']) && usedIds(state.doc).has(value)) {
    return refused(state, `"${value}" is the id of another component.`);
  }
  return edited(state, setIn(state.doc, ['ui', slot.side, slot.index, key], value));
}
