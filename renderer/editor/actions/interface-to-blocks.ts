import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { JsonObject, JsonValue } from '../state/editor-state.js';
import { freshId, idFirst } from '../state/ids.js';
import { arrayAt, isObject, objectAt, own, stringAt } from '../state/json.js';
import { edited, refused } from './edit.js';

/**
 * Interface → Blocks, keeping what the demo does: the inputs in one panel column with a Submit
 * button, the outputs in another, side by side in a row (the Interface's own layout); one event
 * that Submit's click (and Enter in a textbox input) triggers, with the Interface's function, api
 * name and queue settings. The description and article become Markdown above and below. Examples
 * have no Blocks form yet: the notice says they were left out (undo brings them back).
 */

/** Interface keys that are an event's too, copied as they are. */
const EVENT_KEYS = ['concurrencyLimit', 'concurrencyId', 'batch', 'maxBatchSize', 'queue', 'retryOnCrash'] as const;

function withIds(items: readonly JsonValue[], prefix: string, taken: Set<string>): JsonObject[] {
  return items.filter(isObject).map((item, i) => {
    const own_ = stringAt(own(item, 'id'));
    const id = own_ ?? (taken.has(`${prefix}_${i}`) ? freshId(prefix, taken) : `${prefix}_${i}`);
    taken.add(id);
    return own_ === undefined ? idFirst(item, id) : item;
  });
}

/** The Blocks UI that behaves as the Interface `ui` does, and what could not be carried over. */
export function interfaceToBlocks(ui: JsonObject): { ui: JsonObject; lost: string[] } {
  const rawInputs = arrayAt(own(ui, 'inputs')) ?? [];
  const rawOutputs = arrayAt(own(ui, 'outputs')) ?? [];
  const taken = new Set([...rawInputs, ...rawOutputs].flatMap((c) => (isObject(c) ? (stringAt(own(c, 'id')) ?? []) : [])));
  const inputs = withIds(rawInputs, 'input', taken);
  const outputs = withIds(rawOutputs, 'output', taken);
  const submit = taken.has('submit') ? freshId('submit', taken) : 'submit';
  const ids = (items: JsonObject[]): string[] => items.map((c) => stringAt(own(c, 'id')) ?? '');
  const textboxes = inputs.filter((c) => own(c, 'type') === 'textbox');
  const event: JsonObject = {
    trigger: [`${submit}.click`, ...ids(textboxes).map((id) => `${id}.submit`)],
    fn: own(ui, 'fn') ?? '',
    inputs: ids(inputs),
    outputs: ids(outputs),
    apiName: own(ui, 'apiName') ?? 'predict',
  };
  for (const key of EVENT_KEYS) if (own(ui, key) !== undefined) event[key] = own(ui, key) ?? null;
  const markdown = (key: string): JsonObject[] => {
    const text = stringAt(own(ui, key));
    return text ? [{ type: 'markdown', value: text }] : [];
  };
  const row: JsonObject = {
    type: 'row',
    children: [
      { type: 'column', variant: 'panel', children: [...inputs, { type: 'button', id: submit, value: 'Submit', variant: 'primary' }] },
      { type: 'column', variant: 'panel', children: outputs },
    ],
  };
  const title = own(ui, 'title');
  const blocks: JsonObject = {
    type: 'blocks',
    ...(title === undefined ? {} : { title }),
    children: [...markdown('description'), row, ...markdown('article')],
    events: [event],
  };
  const examples = arrayAt(own(ui, 'examples')) ?? [];
  const lost = examples.length > 0 ? [`${examples.length} example${examples.length === 1 ? '' : 's'} (Blocks have no examples yet)`] : [];
  return { ui: blocks, lost };
}

export const convertInterfaceToBlocks: EditorAction = {
  id: 'interface.toBlocks',
  label: 'Convert the Interface to Blocks',
  keywords: ['blocks', 'layout', 'convert', 'interface'],
  recordsHistory: true,
  enabled: (state) => objectAt(own(state.doc, 'ui'))?.type === 'interface',
  perform(state) {
    const ui = objectAt(own(state.doc, 'ui'));
    if (ui?.type !== 'interface') return refused(state, 'This project is Blocks already.');
    const converted = interfaceToBlocks(ui);
    const notice = `Converted to Blocks: a row with the inputs and a Submit button, the outputs, and one event.${
      converted.lost.length > 0 ? ` Left out: ${converted.lost.join(', ')}; undo brings them back.` : ''
    }`;
    return edited(state, { ...state.doc, ui: converted.ui }, { area: 'event', index: 0 }, notice);
  },
};

export function registerInterfaceToBlocks(registry: ActionRegistry): void {
  registry.register(convertInterfaceToBlocks);
}
