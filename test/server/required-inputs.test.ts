import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelTakesInputs } from '../../main/engine/required-inputs.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { TINY_DIR } from '../runtimes/support.js';
import { startDemo, type Demo } from './support/demo-app.js';

/**
 * /config's `required_inputs`: file inputs a model receives as they are, which the page asks for
 * before calling ("Upload an image first") instead of sending null to a model that cannot run on it.
 */

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });
const FUNCTIONS = {
  classify: { kind: 'model', model: 'sentiment' },
  echo: js('echoFile'),
  both: { kind: 'parallel', functions: ['echo', 'classify'] },
  modelFirst: { kind: 'chain', functions: ['classify', 'echo'] },
  modelLater: { kind: 'chain', functions: ['echo', 'classify'] },
} as unknown as Project['functions'];

describe('modelTakesInputs', () => {
  it('is true for a model, a parallel with one, a chain that starts with one; never for JS', () => {
    expect(modelTakesInputs(FUNCTIONS, 'classify')).toBe(true);
    expect(modelTakesInputs(FUNCTIONS, 'both')).toBe(true);
    expect(modelTakesInputs(FUNCTIONS, 'modelFirst')).toBe(true);
    expect(modelTakesInputs(FUNCTIONS, 'modelLater')).toBe(false); // the model gets what the JS step made
    expect(modelTakesInputs(FUNCTIONS, 'echo')).toBe(false);
    expect(modelTakesInputs(FUNCTIONS, 'missing')).toBe(false);
  });
});

describe('/config required_inputs', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({
      models: { sentiment: { runtime: 'transformers', task: 'text-classification', source: { path: join(TINY_DIR, 'sentiment') } } },
      functions: { classify: { kind: 'model', model: 'sentiment' }, echo: js('echoFile') },
      ui: {
        type: 'blocks',
        children: [
          { type: 'image', id: 'photo' },
          { type: 'textbox', id: 'text' },
          { type: 'file', id: 'doc' },
          { type: 'button', id: 'go' },
        ],
        events: [
          { trigger: 'go.click', fn: 'classify', inputs: ['text', 'photo'], outputs: ['text'], apiName: 'model' },
          { trigger: 'go.click', fn: 'echo', inputs: ['doc', 'photo'], outputs: ['doc'], apiName: 'script' },
        ],
      },
    });
  });
  afterAll(async () => demo.close());

  it('lists the file inputs of model events only, by component id', async () => {
    const config = (await (await fetch(`${demo.base}config`)).json()) as {
      components: { id: number; key: string | null }[];
      dependencies: { api_name: string; required_inputs: number[] }[];
    };
    const id = (key: string) => config.components.find((c) => c.key === key)?.id;
    const required = Object.fromEntries(config.dependencies.map((d) => [d.api_name, d.required_inputs]));
    expect(required).toEqual({ model: [id('photo')], script: [] });
  });
});
