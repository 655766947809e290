import { describe, expect, it } from 'vitest';
import { freshId, withFreshIds } from '../../../renderer/editor/state/ids.js';
import { freshName, nameFromHubId } from '../../../renderer/editor/state/names.js';
import { getIn, jsonEqual, setIn } from '../../../renderer/editor/state/json.js';
import { frozen } from './support.js';

describe('JSON reads and writes', () => {
  it('sets deep values without touching the input, keeping key order, and prunes what a clear empties', () => {
    const doc = frozen({ name: 'a', queue: { maxSize: 3 }, list: [1, 2, 3] });
    expect(Object.keys(setIn(doc, ['name'], 'b'))).toEqual(['name', 'queue', 'list']);
    expect(setIn(doc, ['queue', 'maxSize'], undefined)).toEqual({ name: 'a', list: [1, 2, 3] });
    expect(setIn(doc, ['share', 'enabled'], true)).toEqual({ ...doc, share: { enabled: true } });
    expect(setIn(doc, ['list', 1], undefined)).toEqual({ ...doc, list: [1, 3] });
    expect(getIn(doc, ['list', 2])).toBe(3);
    expect(getIn(doc, ['constructor'])).toBeUndefined();
  });

  it('writes a "__proto__" key as data, never as the prototype', () => {
    const out = setIn({}, ['__proto__'], { polluted: true });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('compares JSON by value', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});

describe('ids', () => {
  it('counts up from the stem of the id', () => {
    expect(freshId('textbox', new Set())).toBe('textbox_1');
    expect(freshId('name_1', new Set(['name_1']))).toBe('name_2');
  });

  it('keeps free ids, renames taken ones, and never gives two nodes one id', () => {
    const nodes = withFreshIds(
      [
        {
          type: 'row',
          id: 'r',
          children: [
            { type: 'textbox', id: 'a' },
            { type: 'textbox', id: 'a' },
          ],
        },
        { type: 'textbox', id: 'b' },
      ],
      new Set(['b']),
    );
    expect(nodes).toEqual([
      {
        type: 'row',
        id: 'r',
        children: [
          { type: 'textbox', id: 'a' },
          { type: 'textbox', id: 'a_1' },
        ],
      },
      { type: 'textbox', id: 'b_1' },
    ]);
  });
});

describe('model names from the cache', () => {
  it('takes the repo name, made an identifier, and a fresh one when taken', () => {
    expect(nameFromHubId('Xenova/t5-small')).toBe('t5-small');
    expect(nameFromHubId('org/1b.v2')).toBe('_1b_v2');
    expect(nameFromHubId('gpt2')).toBe('gpt2');
    expect(freshName(nameFromHubId('Xenova/gpt2'), ['gpt2'])).toBe('gpt2_1');
  });
});
