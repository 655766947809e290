/** A real model behind the server: the tiny sentiment model (transformers runtime) as a Gradio Label. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type GradioClient } from './support/gradio-client.js';
import { TINY_DIR } from '../runtimes/support.js';
import { startDemo, type Demo } from './support/demo-app.js';

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  demo = await startDemo({
    models: { sentiment: { runtime: 'transformers', task: 'text-classification', source: { path: join(TINY_DIR, 'sentiment') } } },
    functions: { classify: { kind: 'model', model: 'sentiment', params: { top_k: 2 } } },
    ui: {
      type: 'interface',
      fn: 'classify',
      apiName: 'classify',
      inputs: [{ type: 'textbox', id: 'text', label: 'Text' }],
      outputs: [{ type: 'label', id: 'sentiment', label: 'Sentiment' }],
    },
  });
  client = await connect(demo.base);
});

afterAll(async () => {
  client.close();
  await demo.close();
});

describe('sentiment model through @gradio/client', () => {
  it('returns a Gradio label with confidences, highest first', async () => {
    const result = await client.predict('/classify', ['I love this great movie']);
    const label = result.data[0] as { label: string; confidences: { label: string; confidence: number }[] };
    expect(label.label).toBe('POSITIVE');
    expect(label.confidences.map((c) => c.label)).toEqual(['POSITIVE', 'NEGATIVE']);
    expect(label.confidences[0]?.confidence).toBeGreaterThan(0.8);
  });

  it('describes the Label output in /info', async () => {
    const info = (await (await fetch(`${demo.base}gradio_api/info`)).json()) as {
      named_endpoints: Record<string, { returns: { component: string }[] }>;
    };
    expect(info.named_endpoints['/classify']?.returns[0]?.component).toBe('Label');
  });
});
