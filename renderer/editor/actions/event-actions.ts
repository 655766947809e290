import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { EditorState, JsonObject, JsonValue } from '../state/editor-state.js';
import { describeEvent, eventJsonPath, eventsOf, type EventPath } from '../state/event-refs.js';
import { arrayAt, getIn, isObject, own, setIn, stringAt, type JsonPath } from '../state/json.js';
import { section } from '../state/names.js';
import { blocksUi, componentsIn } from '../state/tree.js';
import { edited, refused } from './edit.js';

/**
 * Events: what starts a function (trigger), what it reads and writes (inputs, outputs), its API
 * name, queue settings (concurrency limit and id, batch and max batch size, queue on/off), and the
 * events chained after it (then / success).
 */

export interface EventAddPayload {
  /** Fields over the defaults (the first button's click, the first function, no inputs or outputs). */
  readonly event?: JsonObject | undefined;
}

export interface EventSetPayload {
  readonly event: EventPath;
  /** Inside the event: `['fn']`, `['inputs']`, `['concurrencyLimit']`, ... */
  readonly path: JsonPath;
  readonly value: JsonValue | undefined;
}

export interface EventThenPayload {
  readonly event: EventPath;
  /** true: run only after a successful run (Gradio's .success()); false: after any end (.then()). */
  readonly onlyOnSuccess?: boolean | undefined;
}

/** The trigger a new event starts with: the first button's click, else the first component's change, else page load. */
function defaultTrigger(doc: JsonObject): string {
  const ui = blocksUi(doc);
  const components = (arrayAt(ui && own(ui, 'children')) ?? []).flatMap(componentsIn);
  const id = (c: JsonObject | undefined): string | undefined => (c ? stringAt(own(c, 'id')) : undefined);
  const button = id(components.find((c) => own(c, 'type') === 'button' && id(c) !== undefined));
  if (button) return `${button}.click`;
  const first = id(components.find((c) => own(c, 'type') !== 'state' && id(c) !== undefined));
  return first ? `${first}.change` : 'load';
}

export const addEvent: EditorAction<EventAddPayload> = {
  id: 'event.add',
  label: 'Add an event',
  keywords: ['trigger', 'click', 'listener'],
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: (state) => (blocksUi(state.doc) ? [{ label: 'Add an event', payload: {} }] : []),
  perform(state, { event = {} }) {
    const ui = blocksUi(state.doc);
    if (!ui) return refused(state, 'An Interface has one event already: convert it to Blocks to add more.');
    const fn = Object.keys(section(state.doc, 'functions'))[0] ?? '';
    const next: JsonObject = { trigger: defaultTrigger(state.doc), fn, inputs: [], outputs: [], ...event };
    const events = [...eventsOf(state.doc), next];
    return edited(state, { ...state.doc, ui: { ...ui, events } }, { area: 'event', index: events.length - 1 });
  },
};

function eventAt(state: EditorState, path: EventPath): JsonObject | undefined {
  const event = getIn(state.doc, eventJsonPath(path));
  return isObject(event) ? event : undefined;
}

export const setEvent: EditorAction<EventSetPayload> = {
  id: 'event.set',
  label: 'Set an event field',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { event, path, value }) {
    const current = eventAt(state, event);
    if (!current) return refused(state, 'That event is gone.');
    if (event.then.length > 0 && path[0] === 'trigger')
      return refused(state, 'A chained event runs after the one above it; it has no trigger.');
    return edited(state, setIn(state.doc, eventJsonPath(event), setIn(current, path, value)));
  },
};

export const deleteEvent: EditorAction<{ readonly event: EventPath }> = {
  id: 'event.delete',
  label: 'Delete an event',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { event }) {
    const current = eventAt(state, event);
    if (!current) return refused(state, 'That event is gone.');
    const where = eventJsonPath(event);
    const list = arrayAt(getIn(state.doc, where.slice(0, -1))) ?? [];
    const index = where.at(-1) as number;
    const doc = setIn(
      state.doc,
      where.slice(0, -1),
      list.filter((_, i) => i !== index),
    );
    const chained = (arrayAt(own(current, 'then')) ?? []).length;
    const notice = `Deleted ${describeEvent(current, event)}${chained > 0 ? ' and the events chained after it' : ''}.`;
    const top = eventsOf(doc).length;
    const selection =
      event.then.length > 0
        ? state.selection
        : top > 0
          ? { area: 'event' as const, index: Math.min(event.index, top - 1) }
          : { area: 'project' as const };
    return edited(state, doc, selection, notice);
  },
};

export const addThen: EditorAction<EventThenPayload> = {
  id: 'event.addThen',
  label: 'Chain an event after this one',
  keywords: ['then', 'success', 'chain'],
  recordsHistory: true,
  needsPayload: true,
  perform(state, { event, onlyOnSuccess = false }) {
    const current = eventAt(state, event);
    if (!current) return refused(state, 'That event is gone.');
    const chained: JsonObject = {
      fn: own(current, 'fn') ?? '',
      inputs: own(current, 'outputs') ?? [],
      outputs: [],
      ...(onlyOnSuccess ? { onlyOnSuccess: true } : {}),
    };
    const then = [...(arrayAt(own(current, 'then')) ?? []), chained];
    return edited(state, setIn(state.doc, eventJsonPath(event), { ...current, then }));
  },
};

export function registerEventActions(registry: ActionRegistry): void {
  registry.register(addEvent);
  registry.register(setEvent);
  registry.register(deleteEvent);
  registry.register(addThen);
}
