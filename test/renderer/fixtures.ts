/** /config payloads shaped like main/server/gradio/config.ts builds them (only what tests need). */

const dep = {
  api_visibility: 'public',
  description: null,
  queue: true,
  backend_fn: true,
  types: { generator: false, cancel: false },
  trigger_mode: 'once',
  batch: false,
  max_batch_size: 4,
  show_progress: 'full',
  connection: 'sse',
  cancels: [],
  required_inputs: [],
};

const component = (id: number, type: string, key: string | null, props: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  type,
  props: { ...props, name: type },
  skip_api: key === null || type === 'state',
  component_class_id: type,
  key,
});

/** The normalizer's Interface layout: row(column(inputs, row(clear, submit)), column(outputs)). */
export function interfaceConfig(): Record<string, unknown> {
  return {
    version: '6.25.0',
    protocol: 'sse_v3',
    api_prefix: '/gradio_api',
    root: 'http://127.0.0.1:7860',
    mode: 'interface',
    title: 'Sentiment',
    components: [
      component(1, 'textbox', 'text', { label: 'Text', lines: 2, value: '' }),
      component(2, 'label', 'sentiment', { label: 'Sentiment' }),
      component(3, 'button', '__clear', { value: 'Clear', variant: 'secondary' }),
      component(4, 'button', '__submit', { value: 'Submit', variant: 'primary' }),
      component(5, 'row', null),
      component(6, 'column', null, { variant: 'panel' }),
      component(7, 'row', null),
      component(8, 'column', null, { variant: 'panel' }),
    ],
    dependencies: [
      {
        ...dep,
        id: 0,
        targets: [
          [4, 'click'],
          [1, 'submit'],
        ],
        inputs: [1],
        outputs: [2],
        api_name: 'predict',
      },
    ],
    layout: {
      id: 0,
      children: [
        {
          id: 5,
          children: [
            { id: 6, children: [{ id: 1 }, { id: 7, children: [{ id: 3 }, { id: 4 }] }] },
            { id: 8, children: [{ id: 2 }] },
          ],
        },
      ],
    },
    description: 'Type a sentence.',
    article: null,
    examples: [['I love it'], ['I hate it']],
  };
}

/** A Blocks app with tabs, state, a change-triggered dependency and a load event. */
export function blocksConfig(): Record<string, unknown> {
  return {
    version: '6.25.0',
    protocol: 'sse_v3',
    api_prefix: '/gradio_api',
    root: 'http://127.0.0.1:7860',
    mode: 'blocks',
    title: 'Blocks',
    components: [
      component(1, 'textbox', 'name', { label: 'Name' }),
      component(2, 'textbox', 'greeting', { label: 'Greeting' }),
      component(3, 'button', 'go', { value: 'Greet' }),
      component(4, 'slider', 'x', { minimum: 2, maximum: 10 }),
      component(5, 'number', 'double', { label: 'Double' }),
      component(6, 'state', 'counter', { value: 0 }),
      component(7, 'markdown', 'banner', {}),
      component(10, 'tabs', null),
      component(11, 'tabitem', null, { label: 'One' }),
      component(12, 'tabitem', null, { label: 'Two' }),
    ],
    dependencies: [
      { ...dep, id: 0, targets: [[3, 'click']], inputs: [1, 6], outputs: [2, 6], api_name: 'greet' },
      { ...dep, id: 1, targets: [[4, 'change']], inputs: [4], outputs: [5], api_name: 'double', trigger_mode: 'always_last' },
      { ...dep, id: 2, targets: [[0, 'load']], inputs: [], outputs: [7], api_name: 'banner' },
      { ...dep, id: 3, targets: [[2, 'change']], inputs: [2], outputs: [], api_name: 'log_greeting' },
    ],
    layout: {
      id: 0,
      children: [
        { id: 7 },
        {
          id: 10,
          children: [
            { id: 11, children: [{ id: 1 }, { id: 3 }, { id: 2 }] },
            { id: 12, children: [{ id: 4 }, { id: 5 }] },
          ],
        },
        { id: 6 },
      ],
    },
    description: null,
    article: null,
    examples: [],
  };
}

/**
 * examples/chat's pattern (inputs [message, chat], outputs [chat, message]) beside an OCR-like
 * event whose image input a model takes (`required_inputs`).
 */
export function chatConfig(): Record<string, unknown> {
  return {
    version: '6.25.0',
    protocol: 'sse_v3',
    api_prefix: '/gradio_api',
    root: 'http://127.0.0.1:7860',
    mode: 'blocks',
    title: 'Chat',
    components: [
      component(1, 'chatbot', 'chat', { label: 'Conversation', type: 'messages' }),
      component(2, 'textbox', 'message', { label: 'Message' }),
      component(3, 'button', 'send', { value: 'Send', variant: 'primary' }),
      component(4, 'image', 'photo', { label: 'Photo' }),
      component(5, 'textbox', 'text', { label: 'Text' }),
      component(6, 'button', 'read', { value: 'Read' }),
    ],
    dependencies: [
      {
        ...dep,
        id: 0,
        targets: [
          [2, 'submit'],
          [3, 'click'],
        ],
        inputs: [2, 1],
        outputs: [1, 2],
        api_name: 'chat',
      },
      { ...dep, id: 1, targets: [[6, 'click']], inputs: [4], outputs: [5], api_name: 'read', required_inputs: [4] },
      { ...dep, id: 2, targets: [[4, 'change']], inputs: [4], outputs: [5], api_name: 'read_live', required_inputs: [4] },
    ],
    layout: { id: 0, children: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 6 }, { id: 5 }] },
    description: null,
    article: null,
    examples: [],
  };
}
