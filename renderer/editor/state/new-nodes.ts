import { COMPONENT_TYPES, type ComponentType } from '../../../preload/shared/project/schema-components.js';
import { LAYOUT_TYPES, type LayoutType } from '../../../preload/shared/project/schema-ui.js';
import type { JsonObject, JsonValue } from './editor-state.js';
import { freshId } from './ids.js';

/** What the palette adds: every component kind the runner draws and every layout, as they start out. */

export const KIND_NAMES: Readonly<Record<ComponentType | LayoutType, string>> = {
  textbox: 'Textbox',
  number: 'Number',
  slider: 'Slider',
  checkbox: 'Checkbox',
  dropdown: 'Dropdown',
  radio: 'Radio',
  image: 'Image',
  audio: 'Audio',
  file: 'File',
  label: 'Label',
  json: 'JSON',
  markdown: 'Markdown',
  button: 'Button',
  gallery: 'Gallery',
  chatbot: 'Chatbot',
  dataframe: 'Dataframe',
  highlightedtext: 'Highlighted text',
  state: 'State',
  row: 'Row',
  column: 'Column',
  tabs: 'Tabs',
  tab: 'Tab',
  accordion: 'Accordion',
  group: 'Group',
};

export const PALETTE_COMPONENTS: readonly ComponentType[] = COMPONENT_TYPES;
export const PALETTE_LAYOUTS: readonly LayoutType[] = LAYOUT_TYPES;

export function isComponentType(type: string): type is ComponentType {
  return (COMPONENT_TYPES as readonly string[]).includes(type);
}

/** Props a new component of each kind starts with, besides type, id and label. */
const STARTING_PROPS: Partial<Record<ComponentType, JsonObject>> = {
  dropdown: { choices: ['Option 1', 'Option 2'] },
  radio: { choices: ['Option 1', 'Option 2'] },
  markdown: { value: '## Heading\nText in **Markdown**.' },
  button: { value: 'Run', variant: 'primary' },
};

/** Kinds that show no label: a button's text is its value, Markdown is its text, State is invisible. */
const UNLABELLED: ReadonlySet<ComponentType> = new Set(['button', 'markdown', 'state']);

/** A new component of `type` with a fresh id (`textbox_1`) and a label, ready to be edited. */
export function newComponent(type: ComponentType, taken: ReadonlySet<string>): JsonObject {
  const id = freshId(type, taken);
  const label: JsonObject = UNLABELLED.has(type) ? {} : { label: KIND_NAMES[type] };
  return { type, id, ...label, ...(STARTING_PROPS[type] ?? {}) };
}

/** A new layout; tabs start with one tab, so there is a place to drop components at once. */
export function newLayout(type: LayoutType, tabNumber = 1): JsonObject {
  switch (type) {
    case 'tabs':
      return { type, children: [newLayout('tab', 1)] };
    case 'tab':
      return { type, label: `Tab ${tabNumber}`, children: [] };
    case 'accordion':
      return { type, label: 'Details', children: [] };
    case 'row':
    case 'column':
    case 'group':
      return { type, children: [] };
  }
}

/** "Textbox", "Tabs", ... for messages; the raw type for one we do not know. */
export function kindName(type: JsonValue | undefined): string {
  return typeof type === 'string' && Object.hasOwn(KIND_NAMES, type)
    ? KIND_NAMES[type as ComponentType]
    : typeof type === 'string'
      ? type
      : 'node';
}
