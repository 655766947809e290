/**
 * formatProject: how the editor writes project.json. Keys follow the zod schema's order at every
 * level (project, models, functions, components and their props, events), names the user chose
 * keep the user's order, values never change, and formatting twice gives the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINE_WIDTH, formatProject, orderKeys, sameJson } from '../../preload/shared/project/format-project.js';
import { REPO_ROOT } from '../runtimes/support.js';

/** A project written with every object's keys reversed (as a careless hand or another tool might). */
const SCRAMBLED = {
  ui: {
    events: [{ apiName: 'hi', outputs: ['out'], inputs: ['name'], fn: 'greet', trigger: 'go.click' }],
    children: [
      {
        children: [
          { placeholder: 'Your name', label: 'Name', id: 'name', type: 'textbox' },
          { variant: 'primary', value: 'Go', id: 'go', type: 'button' },
        ],
        type: 'row',
      },
      { lines: 2, label: 'Greeting', id: 'out', type: 'textbox' },
    ],
    title: 'Hi',
    type: 'blocks',
  },
  queue: { maxSize: 10, defaultConcurrencyLimit: 2 },
  functions: {
    zeta: { export: 'zeta', module: './fns.js', kind: 'js' },
    greet: { limits: { timeoutSeconds: 5 }, export: 'greet', module: './fns.js', kind: 'js' },
  },
  models: { m: { load: 'eager', task: 'summarization', source: { revision: 'main', hub: 'Xenova/t5-small' }, runtime: 'transformers' } },
  name: 'Scrambled',
  version: 1,
  $schema: '../schema.json',
};

const keys = (value: unknown): string[] => Object.keys(value as object);

describe('formatProject', () => {
  it('puts every key in schema order, recursively, and keeps the names the user chose in their order', () => {
    const ordered = JSON.parse(formatProject(SCRAMBLED)) as typeof SCRAMBLED;
    expect(keys(ordered)).toEqual(['$schema', 'version', 'name', 'models', 'functions', 'ui', 'queue']);
    expect(keys(ordered.models.m)).toEqual(['runtime', 'source', 'task', 'load']);
    expect(keys(ordered.models.m.source)).toEqual(['hub', 'revision']);
    expect(keys(ordered.functions)).toEqual(['zeta', 'greet']);
    expect(keys(ordered.functions.greet)).toEqual(['kind', 'module', 'export', 'limits']);
    expect(keys(ordered.ui)).toEqual(['type', 'title', 'children', 'events']);
    const row = ordered.ui.children[0] as { children: object[] };
    expect(keys(row)).toEqual(['type', 'children']);
    expect(keys(row.children[0])).toEqual(['type', 'id', 'label', 'placeholder']);
    expect(keys(row.children[1])).toEqual(['type', 'id', 'value', 'variant']);
    expect(keys(ordered.ui.children[1])).toEqual(['type', 'id', 'label', 'lines']);
    expect(keys(ordered.ui.events[0])).toEqual(['trigger', 'fn', 'inputs', 'outputs', 'apiName']);
    expect(keys(ordered.queue)).toEqual(['defaultConcurrencyLimit', 'maxSize']);
  });

  it('writes 2-space JSON with a final newline, changes no value, and is stable', () => {
    const text = formatProject(SCRAMBLED);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"\$schema"/);
    expect(sameJson(JSON.parse(text), SCRAMBLED)).toBe(true);
    expect(formatProject(JSON.parse(text))).toBe(text);
  });

  it('keeps unknown keys (the schema reports them) after the known ones, and formats invalid documents too', () => {
    const ordered = orderKeys({ name: 'x', extra: 1, version: 1, ui: { zzz: true, type: 'interface', fn: 'f' } }) as Record<string, object>;
    expect(keys(ordered)).toEqual(['version', 'name', 'ui', 'extra']);
    expect(keys(ordered.ui)).toEqual(['type', 'fn', 'zzz']);
    expect(formatProject([1, { b: 1, a: 2 }])).toBe('[1, { "b": 1, "a": 2 }]\n');
  });

  it('puts small values on one line within LINE_WIDTH and at most two levels deep, larger ones over several', () => {
    const long = 'x'.repeat(LINE_WIDTH);
    expect(formatProject({ a: [['World'], ['demo']], b: {} })).toBe('{\n  "a": [["World"], ["demo"]],\n  "b": {}\n}\n');
    expect(formatProject({ a: [[['deep']]] })).toBe('{\n  "a": [\n    [["deep"]]\n  ]\n}\n');
    expect(formatProject({ a: { b: 1 }, c: long })).toBe(`{\n  "a": { "b": 1 },\n  "c": "${long}"\n}\n`);
    for (const line of formatProject({ a: { b: 'y'.repeat(40), c: 'z'.repeat(40), d: 1 } }).split('\n')) {
      expect(line.length).toBeLessThanOrEqual(LINE_WIDTH);
    }
  });

  it('orders component props by the kind named in `type`, layouts by the layout schema', () => {
    const ordered = orderKeys({
      version: 1,
      name: 'n',
      functions: {},
      ui: {
        type: 'blocks',
        children: [
          { open: false, label: 'More', type: 'accordion', children: [{ maximum: 9, minimum: 1, value: 3, type: 'slider' }] },
          { step: 1, value: 2, type: 'number' },
        ],
      },
    }) as { ui: { children: { children?: object[] }[] } };
    const [accordion, number] = ordered.ui.children;
    expect(keys(accordion)).toEqual(['type', 'label', 'open', 'children']);
    expect(keys(accordion?.children?.[0])).toEqual(['type', 'value', 'minimum', 'maximum']);
    expect(keys(number)).toEqual(['type', 'value', 'step']);
  });

  it('keeps every example equal to itself', () => {
    const examples = readdirSync(join(REPO_ROOT, 'examples'));
    expect(examples.length).toBeGreaterThan(5);
    for (const name of examples) {
      const json: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', name, 'project.json'), 'utf8'));
      expect(sameJson(JSON.parse(formatProject(json)), json), name).toBe(true);
    }
  });
});

describe('sameJson', () => {
  it('ignores key order, not array order or values', () => {
    expect(sameJson({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
  });
});
