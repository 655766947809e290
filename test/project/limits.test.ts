import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, MAX_NESTING } from '../../preload/shared/project/json-limits.js';
import { parseProject } from '../../preload/shared/project/check.js';
import { loadProject } from '../../main/project/load.js';
import { ProjectValidationError, type ProjectIssue } from '../../preload/shared/project/validation-error.js';

/** Hostile project files: nesting that overflows recursive passes, `__proto__` keys, bytes that are not UTF-8. */

function issuesOf(input: unknown): readonly ProjectIssue[] {
  try {
    parseProject(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectValidationError);
    return (error as ProjectValidationError).issues;
  }
  throw new Error('expected the project to be invalid');
}

const greet = { kind: 'js', module: './greet.js' };

/** A Blocks project whose one child is `depth` rows, one inside the other, around a textbox. */
function nestedRows(depth: number): unknown {
  let node: unknown = { type: 'textbox', id: 'text' };
  for (let i = 0; i < depth; i++) node = { type: 'row', children: [node] };
  return { version: 1, name: 'Deep', functions: { greet }, ui: { type: 'blocks', children: [node] } };
}

/** A Blocks project whose one event has `depth` events chained after it, each in the one before's `then`. */
function chainedEvents(depth: number): unknown {
  let chain: Record<string, unknown> = { fn: 'greet' };
  for (let i = 1; i < depth; i++) chain = { fn: 'greet', then: [chain] };
  const event = { trigger: 'go.click', fn: 'greet', then: [chain] };
  return {
    version: 1,
    name: 'Chain',
    functions: { greet },
    ui: { type: 'blocks', children: [{ type: 'button', id: 'go' }], events: [event] },
  };
}

/** An Interface project as JSON text, with `value` spliced in as the first example's value. */
function withExampleText(value: string): string {
  const project = {
    version: 1,
    name: 'Examples',
    functions: { greet },
    ui: { type: 'interface', fn: 'greet', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }], examples: [['HERE']] },
  };
  return JSON.stringify(project).replace('"HERE"', value);
}

describe('nesting limits (checked before anything recursive runs)', () => {
  it('reports rows nested 700 deep with the JSON path and the limit, instead of overflowing the stack', () => {
    const [issue, ...rest] = issuesOf(nestedRows(700));
    expect(rest).toEqual([]);
    expect(issue?.path).toMatch(/^\$\.ui\.children\[0\]\.children\[0\]\.children.*…\(\d+ more\)….*\.children\[0\]$/);
    expect(issue?.message).toContain(`more than ${MAX_JSON_DEPTH} levels`);
  });

  it('reports a value nested 100,000 deep (JSON.parse reads it; nothing after it may recurse into it)', () => {
    const deep = `${'['.repeat(100_000)}0${']'.repeat(100_000)}`;
    const [issue, ...rest] = issuesOf(JSON.parse(withExampleText(deep)));
    expect(rest).toEqual([]);
    expect(issue?.path).toMatch(/^\$\.ui\.examples\[0\]\[0\]\[0\]/);
    expect(issue?.message).toMatch(/nested too deep: more than 256 levels of arrays and objects \(the limit/);
  });

  it(`allows ${MAX_NESTING} levels of layout and of chained events, and names the limit one level further`, () => {
    expect(() => parseProject(nestedRows(MAX_NESTING))).not.toThrow();
    expect(issuesOf(nestedRows(MAX_NESTING + 1))).toEqual([
      {
        path: expect.stringMatching(/^\$\.ui\.children\[0\]\.children\[0\]\.children.*\.children\[0\]$/),
        message: `layouts nested more than ${MAX_NESTING} levels deep (the limit; real projects need a handful); flatten them`,
      },
    ]);
    expect(() => parseProject(chainedEvents(MAX_NESTING))).not.toThrow();
    expect(issuesOf(chainedEvents(MAX_NESTING + 1))).toEqual([
      {
        path: expect.stringMatching(/^\$\.ui\.events\[0\]\.then\[0\]\.then.*\.then\[0\]$/),
        message: `events chained with "then" nested more than ${MAX_NESTING} levels deep (the limit; real projects need a handful); flatten them`,
      },
    ]);
  });

  it('finds a loop through 20,000 compositions without recursing once per function', () => {
    const functions: Record<string, unknown> = { leaf: greet };
    for (let i = 0; i < 20_000; i++) functions[`f${i}`] = { kind: 'chain', functions: [`f${i + 1}`, 'leaf'] };
    functions.f20000 = { kind: 'chain', functions: ['f0', 'leaf'] };
    const input = { version: 1, name: 'Long', functions, ui: { type: 'interface', fn: 'f0' } };
    const [issue, ...rest] = issuesOf(input);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({
      path: '$.functions.f0',
      message: expect.stringMatching(/^functions call each other in a loop: f0 -> f1 -> .* -> f20000 -> f0$/),
    });
  });
});

describe('names that are not plain keys', () => {
  it('refuses "__proto__" keys wherever they are, and leaves Object.prototype alone', () => {
    const text =
      '{"version":1,"name":"P","functions":{"__proto__":{"polluted":true},"greet":{"kind":"js","module":"./greet.js"}},' +
      '"ui":{"type":"interface","fn":"greet","__proto__":{"polluted":true},"inputs":[{"type":"textbox","__proto__":{"x":1}}]}}';
    expect(issuesOf(JSON.parse(text))).toEqual([
      { path: '$.functions.__proto__', message: 'reserved name: "__proto__" cannot be a key in project.json; remove it or rename it' },
      { path: '$.ui.__proto__', message: 'reserved name: "__proto__" cannot be a key in project.json; remove it or rename it' },
      { path: '$.ui.inputs[0].__proto__', message: 'reserved name: "__proto__" cannot be a key in project.json; remove it or rename it' },
    ]);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('finds no function or model called "toString", "constructor" or "hasOwnProperty" on Object.prototype', () => {
    const input = {
      version: 1,
      name: 'Names',
      models: {},
      functions: {
        greet,
        classify: { kind: 'model', model: 'hasOwnProperty' },
        both: { kind: 'parallel', functions: ['greet', 'constructor'] },
      },
      ui: { type: 'interface', fn: 'toString', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
    };
    expect(issuesOf(input)).toEqual([
      { path: '$.functions.both.functions[1]', message: expect.stringMatching(/^unknown function/), value: 'constructor' },
      { path: '$.functions.classify.model', message: expect.stringMatching(/^unknown model/), value: 'hasOwnProperty' },
      { path: '$.ui.fn', message: expect.stringMatching(/^unknown function/), value: 'toString' },
    ]);
  });

  it('suggests a camelCase name only for a plain snake_case key: none for "_private", "constructor" or "__proto__"-like keys', () => {
    const input = {
      version: 1,
      name: 'Keys',
      functions: { greet },
      ui: { type: 'interface', fn: 'greet', _private: 1, constructor: 2, __defineGetter__: 3, max_batch_size: 4 },
    };
    const [issue] = issuesOf(input);
    expect(issue?.message).toBe(
      'unknown key "_private"; unknown key "constructor"; unknown key "__defineGetter__"; ' +
        'unknown key "max_batch_size" (did you mean "maxBatchSize"?)',
    );
  });
});

describe('the bytes of project.json', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const write = async (bytes: Uint8Array | string): Promise<string> => {
    dir ??= await mkdtemp(path.join(tmpdir(), 'demo-desktop-bytes-'));
    const file = path.join(dir, 'project.json');
    await writeFile(file, bytes);
    await writeFile(path.join(dir, 'greet.js'), 'export default (name) => `Hello ${name}!`;\n');
    return file;
  };

  it('accepts a UTF-8 byte-order mark', async () => {
    const file = await write(`\uFEFF${withExampleText('"Zoë"')}`);
    const loaded = await loadProject(file);
    expect(loaded.project.ui).toMatchObject({ examples: [['Zoë']] });
  });

  it('refuses bytes that are not UTF-8 and names the offset and line of the first one', async () => {
    const text = withExampleText('"Zo\u00eb"').replace('{"version"', '{\n"version"');
    const bytes = Buffer.from(text, 'latin1'); // ë as the single byte 0xEB: not UTF-8
    const offset = bytes.indexOf(0xeb);
    expect(offset).toBeGreaterThan(0);
    const error: unknown = await loadProject(await write(bytes)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectValidationError);
    expect((error as ProjectValidationError).issues).toEqual([
      {
        path: '$',
        message: `not valid UTF-8: the bytes at offset ${offset} (line 2, first byte 0xeb) are not a UTF-8 character. Save the file as UTF-8`,
      },
    ]);
  });

  it('finds the first ill-formed sequence: truncated, overlong, surrogate, past U+10FFFF', async () => {
    const { firstInvalidUtf8 } = await import('../../preload/shared/project/decode-text.js');
    const at = (...bytes: number[]): number | undefined => firstInvalidUtf8(Uint8Array.from([0x41, ...bytes, 0x41]));
    expect(at(0xc3, 0xab, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80)).toBeUndefined(); // ë € 😀
    expect(at(0xe2, 0x82)).toBe(1); // truncated by the final "A"
    expect(at(0xc0, 0x80)).toBe(1); // overlong NUL
    expect(at(0xe0, 0x80, 0x80)).toBe(1); // overlong
    expect(at(0xed, 0xa0, 0x80)).toBe(1); // a UTF-16 surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(1); // past U+10FFFF
    expect(at(0xc3, 0xab, 0x80)).toBe(3); // a lone continuation byte after a good character
  });
});
