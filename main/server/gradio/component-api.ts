import type { AppComponent } from '../../../preload/shared/project/normalize.js';
import type { ComponentType } from '../../../preload/shared/project/schema-components.js';

/**
 * How each component kind looks in /info: Gradio's class name (clients branch on "Image" and
 * "Gallery"), a JSON schema, the Python type string shown by gradio_client, and an example.
 * File examples use local paths: this server refuses remote URLs as inputs.
 */
export interface ComponentApi {
  readonly className: string;
  readonly schema: Record<string, unknown>;
  readonly pythonType: { readonly type: string; readonly description: string };
  readonly example: unknown;
}

const CLASS_NAMES: Readonly<Record<ComponentType, string>> = {
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
  highlightedtext: 'HighlightedText',
  state: 'State',
};

const nullable = (type: string, title: string): Record<string, unknown> => ({
  anyOf: [{ type }, { type: 'null' }],
  default: null,
  title,
});

function fileDataSchema(title: string): Record<string, unknown> {
  return {
    additionalProperties: false,
    properties: {
      path: { title: 'Path', type: 'string' },
      url: nullable('string', 'Url'),
      size: nullable('integer', 'Size'),
      orig_name: nullable('string', 'Orig Name'),
      mime_type: nullable('string', 'Mime Type'),
      is_stream: { default: false, title: 'Is Stream', type: 'boolean' },
      meta: { default: { _type: 'gradio.FileData' }, title: 'Meta', type: 'object' },
    },
    required: ['path'],
    title,
    type: 'object',
  };
}

const fileExample = (name: string): Record<string, unknown> => ({
  path: `/path/to/${name}`,
  meta: { _type: 'gradio.FileData' },
});

const FILE_PYTHON_TYPE = {
  type: 'filepath',
  description: 'a FileData dict; upload the file with handle_file(...) first',
};

function choiceValues(component: AppComponent): unknown[] {
  const choices = component.props.choices;
  if (!Array.isArray(choices)) return [];
  return (choices as unknown[]).map((choice) => (Array.isArray(choice) ? (choice as unknown[])[1] : choice));
}

function literal(values: unknown[]): string {
  return `Literal[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

export function componentApi(component: AppComponent): ComponentApi {
  const className = CLASS_NAMES[component.type];
  const props = component.props;
  const api = (schema: Record<string, unknown>, type: string, example: unknown, description = ''): ComponentApi => ({
    className,
    schema,
    pythonType: { type, description },
    example,
  });
  switch (component.type) {
    case 'textbox':
    case 'markdown':
    case 'button':
      return api({ type: 'string' }, 'str', 'Hello!!');
    case 'number':
      return api({ type: 'number' }, 'float', 3);
    case 'slider': {
      const min = typeof props.minimum === 'number' ? props.minimum : 0;
      const max = typeof props.maximum === 'number' ? props.maximum : 100;
      return api(
        { type: 'number', description: `numeric value between ${min} and ${max}` },
        'float',
        min,
        `numeric value between ${min} and ${max}`,
      );
    }
    case 'checkbox':
      return api({ type: 'boolean' }, 'bool', true);
    case 'dropdown':
    case 'radio': {
      const values = choiceValues(component);
      const one = { enum: values, title: className, type: typeof values[0] === 'number' ? 'number' : 'string' };
      if (props.multiselect === true) {
        return api({ items: one, title: className, type: 'array' }, `List[${literal(values)}]`, values.slice(0, 1));
      }
      return api(one, literal(values), values[0] ?? null);
    }
    case 'image':
      return api(fileDataSchema('ImageData'), FILE_PYTHON_TYPE.type, fileExample('image.png'), FILE_PYTHON_TYPE.description);
    case 'audio':
      return api(fileDataSchema('FileData'), FILE_PYTHON_TYPE.type, fileExample('audio.wav'), FILE_PYTHON_TYPE.description);
    case 'file':
      if (props.fileCount === 'multiple') {
        return api(
          { items: fileDataSchema('FileData'), type: 'array' },
          'List[filepath]',
          [fileExample('file.txt')],
          FILE_PYTHON_TYPE.description,
        );
      }
      return api(fileDataSchema('FileData'), FILE_PYTHON_TYPE.type, fileExample('file.txt'), FILE_PYTHON_TYPE.description);
    case 'gallery':
      return api(
        {
          items: { properties: { image: fileDataSchema('ImageData'), caption: nullable('string', 'Caption') }, type: 'object' },
          type: 'array',
        },
        'List[Dict(image: filepath, caption: str | None)]',
        [{ image: fileExample('image.png'), caption: null }],
      );
    case 'label':
      return api(
        {
          properties: {
            label: nullable('string', 'Label'),
            confidences: {
              items: { properties: { label: { type: 'string' }, confidence: { type: 'number' } }, type: 'object' },
              type: 'array',
            },
          },
          type: 'object',
        },
        'Dict(label: str | None, confidences: List[Dict(label: str, confidence: float)])',
        { label: 'cat', confidences: [{ label: 'cat', confidence: 0.9 }] },
      );
    case 'json':
      return api({}, 'Dict[Any, Any] | List[Any] | str | float | bool | None', {});
    case 'chatbot':
      if (props.format === 'tuples') {
        return api(
          { items: { items: { anyOf: [{ type: 'string' }, { type: 'null' }] }, type: 'array' }, type: 'array' },
          'List[List[str | None]]',
          [['Hello!!', null]],
        );
      }
      return api(
        {
          items: {
            properties: { role: { enum: ['user', 'assistant', 'system'], type: 'string' }, content: { type: 'string' } },
            type: 'object',
          },
          type: 'array',
        },
        'List[Dict(role: Literal["user", "assistant", "system"], content: str)]',
        [{ role: 'user', content: 'Hello!!' }],
      );
    case 'dataframe':
      return api({ items: { items: {}, type: 'array' }, type: 'array' }, 'List[List[str | float | bool | None]]', [['Hello!!', 1]]);
    case 'highlightedtext':
      return api(
        { items: { items: { anyOf: [{ type: 'string' }, { type: 'null' }] }, type: 'array' }, type: 'array' },
        'List[Tuple[str, str | float | None]]',
        [['Hello!!', null]],
      );
    case 'state':
      return api({}, 'Any', null);
  }
}
