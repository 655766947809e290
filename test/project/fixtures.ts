import type { ProjectInput } from '../../preload/shared/project/schema.js';

/** A small, valid Interface project: sentiment of a textbox, shown in a label. */
export function interfaceProject(): ProjectInput {
  return {
    $schema: '../schema/project.schema.json',
    version: 1,
    name: 'Sentiment',
    description: 'Is it positive?',
    models: {
      sentiment: { runtime: 'transformers', source: { path: './models/sentiment' }, task: 'text-classification' },
    },
    functions: { classify: { kind: 'model', model: 'sentiment' } },
    ui: {
      type: 'interface',
      fn: 'classify',
      inputs: [{ type: 'textbox', label: 'Text' }],
      outputs: [{ type: 'label', label: 'Sentiment' }],
      examples: [['what a great day']],
    },
    queue: { defaultConcurrencyLimit: 2 },
  };
}

/** A valid Blocks project: two models, a JS function, a chain and a parallel composition. */
export function blocksProject(): ProjectInput {
  return {
    version: 1,
    name: 'Studio',
    models: {
      sentiment: { runtime: 'transformers', source: { hub: 'tiny/sentiment' }, task: 'text-classification' },
      summarizer: { runtime: 'transformers', source: { hub: 'tiny/t5' }, task: 'summarization', replicas: 2 },
    },
    functions: {
      classify: { kind: 'model', model: 'sentiment' },
      summarize: { kind: 'model', model: 'summarizer', params: { max_new_tokens: 20 } },
      shout: { kind: 'js', module: './shout.js' },
      both: { kind: 'parallel', functions: ['classify', 'summarize'] },
      summaryMood: { kind: 'chain', functions: ['summarize', 'classify'] },
    },
    ui: {
      type: 'blocks',
      title: 'Studio',
      children: [
        {
          type: 'row',
          id: 'top',
          children: [
            { type: 'textbox', id: 'text', label: 'Text', lines: 3 },
            {
              type: 'column',
              children: [
                { type: 'button', id: 'run', value: 'Run' },
                { type: 'button', id: 'go' },
              ],
            },
          ],
        },
        { type: 'label', id: 'mood' },
        { type: 'textbox', id: 'summary' },
        { type: 'markdown', value: 'no id here' },
      ],
      events: [
        { trigger: 'run.click', fn: 'classify', inputs: ['text'], outputs: ['mood'] },
        { trigger: ['go.click', 'text.submit'], fn: 'both', inputs: ['text'], outputs: ['mood', 'summary'], concurrencyLimit: 3 },
        { trigger: 'load', fn: 'classify', inputs: ['text'], outputs: ['mood'], apiName: false },
        { trigger: 'text.change', fn: 'summaryMood', inputs: ['text'], outputs: ['mood'], concurrencyLimit: null, concurrencyId: 'heavy' },
      ],
    },
  };
}
