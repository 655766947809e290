import { z } from 'zod';

/**
 * UI components of project.json. Each kind is a strict object discriminated by `type`; the common
 * props (id, label, info, visible, interactive, value) mirror Gradio's.
 */

/** Identifiers that events use to name components: letters, digits, `_` and `-`, no dots. */
export const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'an identifier: a letter or _ then letters, digits, _ or -');

const common = {
  id: identifier.optional().describe('Unique id; events name components by it.'),
  label: z.string().optional(),
  info: z.string().optional().describe('Help text shown under the label.'),
  visible: z.boolean().optional(),
  interactive: z.boolean().optional(),
  scale: z.number().int().min(0).optional(),
  minWidth: z.number().int().min(0).optional(),
  elemClasses: z.array(z.string()).optional(),
};

const choice = z.union([z.string(), z.number()]);
const choices = z.array(z.union([choice, z.tuple([z.string(), choice])]));

export const textboxComponent = z.strictObject({
  type: z.literal('textbox'),
  ...common,
  value: z.string().optional(),
  lines: z.number().int().min(1).optional(),
  maxLines: z.number().int().min(1).optional(),
  placeholder: z.string().optional(),
});

export const numberComponent = z.strictObject({
  type: z.literal('number'),
  ...common,
  value: z.number().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  step: z.number().positive().optional(),
  precision: z.number().int().min(0).optional(),
});

export const sliderComponent = z.strictObject({
  type: z.literal('slider'),
  ...common,
  value: z.number().optional(),
  minimum: z.number().default(0),
  maximum: z.number().default(100),
  step: z.number().positive().optional(),
});

export const checkboxComponent = z.strictObject({
  type: z.literal('checkbox'),
  ...common,
  value: z.boolean().optional(),
});

export const dropdownComponent = z.strictObject({
  type: z.literal('dropdown'),
  ...common,
  choices,
  value: z
    .union([choice, z.array(choice)])
    .nullable()
    .optional(),
  multiselect: z.boolean().optional(),
  allowCustomValue: z.boolean().optional(),
});

export const radioComponent = z.strictObject({
  type: z.literal('radio'),
  ...common,
  choices,
  value: choice.nullable().optional(),
});

export const imageComponent = z.strictObject({
  type: z.literal('image'),
  ...common,
  sources: z
    .array(z.enum(['upload', 'webcam', 'clipboard']))
    .optional()
    .describe('Where an input image may come from (default all): a file, the camera, a paste.'),
  imageMode: z.enum(['RGB', 'L', 'RGBA']).optional(),
  height: z.number().int().positive().optional(),
  width: z.number().int().positive().optional(),
});

export const audioComponent = z.strictObject({
  type: z.literal('audio'),
  ...common,
  sources: z
    .array(z.enum(['upload', 'microphone']))
    .optional()
    .describe('Where input audio may come from (default both): a file, a microphone recording.'),
  sampleRate: z.number().int().positive().optional(),
});

export const fileComponent = z.strictObject({
  type: z.literal('file'),
  ...common,
  fileTypes: z.array(z.string()).optional(),
  fileCount: z.enum(['single', 'multiple']).optional(),
});

export const labelComponent = z.strictObject({
  type: z.literal('label'),
  ...common,
  numTopClasses: z.number().int().positive().optional(),
});

export const jsonComponent = z.strictObject({
  type: z.literal('json'),
  ...common,
  value: z.unknown().optional(),
});

export const markdownComponent = z.strictObject({
  type: z.literal('markdown'),
  ...common,
  value: z.string().optional(),
});

export const buttonComponent = z.strictObject({
  type: z.literal('button'),
  ...common,
  value: z.string().optional().describe('The button text.'),
  variant: z.enum(['primary', 'secondary', 'stop']).optional(),
});

export const galleryComponent = z.strictObject({
  type: z.literal('gallery'),
  ...common,
  columns: z.number().int().positive().optional(),
});

const chatMessage = z.strictObject({ role: z.enum(['user', 'assistant', 'system']), content: z.string() });
const chatPair = z.tuple([z.string().nullable(), z.string().nullable()]);

export const chatbotComponent = z
  .strictObject({
    type: z.literal('chatbot'),
    ...common,
    format: z
      .enum(['messages', 'tuples'])
      .optional()
      .describe('Gradio\'s `type`: "messages" ([{role, content}], the default) or the older "tuples" ([[user, bot], ...]).'),
    value: z.union([z.array(chatMessage), z.array(chatPair)]).optional(),
  })
  .describe('A conversation; a generator function streams it (each yield replaces the history).');

const cellType = z.enum(['str', 'number', 'bool', 'date', 'markdown', 'html']);
/** Gradio's row_count / col_count: n, or [n, "fixed" | "dynamic"] (a bare n is dynamic). */
const tableCount = z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.enum(['fixed', 'dynamic'])])]);

export const dataframeComponent = z.strictObject({
  type: z.literal('dataframe'),
  ...common,
  headers: z.array(z.string()).optional(),
  datatype: z
    .union([cellType, z.array(cellType)])
    .optional()
    .describe('Cell type of every column, or one per column (default "str"); edits of "number" and "bool" cells are typed.'),
  rowCount: tableCount
    .optional()
    .describe('Rows of an empty table: n or [n, "fixed" | "dynamic"]; "dynamic" (the default) lets the user add and delete rows.'),
  colCount: tableCount
    .optional()
    .describe(
      'Columns of an empty table (default: the headers, or 3): n or [n, "fixed" | "dynamic"]; "dynamic" allows adding and deleting.',
    ),
  value: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))).optional(),
});

export const highlightedTextComponent = z.strictObject({
  type: z.literal('highlightedtext'),
  ...common,
  colorMap: z.record(z.string(), z.string()).optional(),
});

export const stateComponent = z.strictObject({
  type: z.literal('state'),
  id: identifier.optional(),
  value: z.unknown().optional(),
});

export const component = z.discriminatedUnion('type', [
  textboxComponent,
  numberComponent,
  sliderComponent,
  checkboxComponent,
  dropdownComponent,
  radioComponent,
  imageComponent,
  audioComponent,
  fileComponent,
  labelComponent,
  jsonComponent,
  markdownComponent,
  buttonComponent,
  galleryComponent,
  chatbotComponent,
  dataframeComponent,
  highlightedTextComponent,
  stateComponent,
]);

export type Component = z.infer<typeof component>;
export type ComponentType = Component['type'];
export const COMPONENT_TYPES: readonly ComponentType[] = component.options.map((option) => option.shape.type.value);

/** Component kinds whose value is a file (FileData on the wire, a path or FileValue in functions). */
export const FILE_COMPONENT_TYPES: ReadonlySet<ComponentType> = new Set(['image', 'audio', 'file']);

/** Component kinds that never take part in the public API signature (Gradio's `skip_api`). */
export const SKIP_API_TYPES: ReadonlySet<ComponentType> = new Set(['state']);
