import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { EventData } from '../../main/engine/event-data.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { TINY_DIR, tempDir } from '../runtimes/support.js';

/** A run's event data (what a `select` chose) reaches JS functions as ctx.event, through real workers. */

const MODULE = `
export function seen([text], ctx) { return JSON.stringify({ text, event: ctx.event }); }
export function upper([text]) { return String(text).toUpperCase(); }
export function nested([text], ctx) { return ctx.call('seen', [text]); }
`;

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });

let dir: { path: string; remove: () => Promise<void> };
let engine: Engine;

beforeAll(async () => {
  dir = await tempDir('event-data');
  await writeFile(join(dir.path, 'fns.js'), MODULE);
  const project = {
    version: 1,
    name: 'event-data',
    models: { sentiment: { runtime: 'transformers', task: 'text-classification', source: { path: join(TINY_DIR, 'sentiment') } } },
    functions: {
      seen: js('seen'),
      upper: js('upper'),
      nested: js('nested'),
      classify: { kind: 'model', model: 'sentiment' },
      loudSeen: { kind: 'chain', functions: ['upper', 'seen'] },
      both: { kind: 'parallel', functions: ['classify', 'seen'] },
    },
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'text' },
        { type: 'label', id: 'label' },
        { type: 'textbox', id: 'out' },
      ],
      events: [
        { trigger: 'text.select', fn: 'seen', inputs: ['text'], outputs: ['out'] },
        { trigger: 'text.select', fn: 'loudSeen', inputs: ['text'], outputs: ['out'] },
        { trigger: 'text.select', fn: 'both', inputs: ['text'], outputs: ['label', 'out'] },
        { trigger: 'text.select', fn: 'nested', inputs: ['text'], outputs: ['out'] },
      ],
    },
  };
  const file = join(dir.path, 'project.json');
  await writeFile(file, JSON.stringify(project));
  engine = await createEngine({ loaded: await loadProject(file), environment: { offline: true, cacheDir: join(dir.path, 'cache') } });
});

afterAll(async () => {
  await engine.dispose();
  await dir.remove();
});

const signal = (): AbortSignal => new AbortController().signal;
const parse = (value: unknown): { text: string; event: unknown } => JSON.parse(String(value)) as { text: string; event: unknown };

describe('event data', () => {
  it('reaches a JS function as ctx.event, index pairs and row/column values included', async () => {
    const eventData: EventData = { index: [1, 0], value: 'b', selected: true, rowValue: ['b', 2], colValue: ['a', 'b'] };
    const [out] = await engine.run({ eventIndex: 0, inputs: ['hello'], signal: signal(), eventData });
    expect(parse(out)).toEqual({ text: 'hello', event: eventData });
  });

  it('is null for a run without event data', async () => {
    const [out] = await engine.run({ eventIndex: 0, inputs: ['plain'], signal: signal() });
    expect(parse(out)).toEqual({ text: 'plain', event: null });
  });

  it('reaches every JS member of a chain', async () => {
    const eventData: EventData = { index: [2, 5], value: 'llo', selected: true };
    const [out] = await engine.run({ eventIndex: 1, inputs: ['hello'], signal: signal(), eventData });
    expect(parse(out)).toEqual({ text: 'HELLO', event: eventData });
  });

  it('leaves model members alone while JS members of a parallel get it', async () => {
    const eventData: EventData = { index: 0, value: false, selected: false };
    const [label, out] = (await engine.run({ eventIndex: 2, inputs: ['I love this great movie'], signal: signal(), eventData })) as [
      { label: string },
      string,
    ];
    expect(label.label).toBe('POSITIVE');
    expect(parse(out)).toEqual({ text: 'I love this great movie', event: eventData });
  });

  it('is not passed on to functions called with ctx.call', async () => {
    const [out] = await engine.run({
      eventIndex: 3,
      inputs: ['inner'],
      signal: signal(),
      eventData: { index: 4, value: 'x', selected: true },
    });
    expect(parse(out)).toEqual({ text: 'inner', event: null });
  });
});
