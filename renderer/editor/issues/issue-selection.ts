import type { JsonObject, Selection } from '../state/editor-state.js';

/**
 * What to select for an issue at a JSON path, so clicking a problem shows the thing that has it:
 * `$.ui.children[1].children[0].label` → that block, `$.functions.greet.module` → the function,
 * `$.ui.events[2].then[0].fn` → event 2, `$.ui.inputs[0]` → the Interface's first input. Anything
 * else (queue settings, the name) selects the project.
 */
export function selectionForPath(path: string, doc: JsonObject): Selection {
  const blocks = /^\$\.ui\.children((?:\[\d+\](?:\.children)?)*)/.exec(path);
  if (blocks?.[1]) {
    const indexes = [...blocks[1].matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    return { area: 'block', path: indexes };
  }
  const event = /^\$\.ui\.events\[(\d+)\]/.exec(path);
  if (event) return { area: 'event', index: Number(event[1]) };
  const side = /^\$\.ui\.(inputs|outputs)\[(\d+)\]/.exec(path);
  if (side && uiType(doc) === 'interface') {
    return { area: 'interface', side: side[1] === 'inputs' ? 'inputs' : 'outputs', index: Number(side[2]) };
  }
  const named = /^\$\.(models|functions)(?:\.([A-Za-z_$][\w$]*)|\["((?:[^"\\]|\\.)*)"\])/.exec(path);
  if (named) {
    const name = named[2] ?? (JSON.parse(`"${named[3] ?? ''}"`) as string);
    return named[1] === 'models' ? { area: 'model', name } : { area: 'function', name };
  }
  return { area: 'project' };
}

function uiType(doc: JsonObject): unknown {
  const ui = doc.ui;
  return ui && typeof ui === 'object' && !Array.isArray(ui) ? ui.type : undefined;
}

/** A selection as short text (`block:0.2`, `function:greet`), for tests and the page's data-selection. */
export function selectionKey(selection: Selection | null): string {
  if (selection === null) return '';
  switch (selection.area) {
    case 'project':
      return 'project';
    case 'block':
      return `block:${selection.path.join('.')}`;
    case 'interface':
      return `interface:${selection.side}.${selection.index}`;
    case 'model':
    case 'function':
      return `${selection.area}:${selection.name}`;
    case 'event':
      return `event:${selection.index}`;
  }
}
