import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../preload/shared/project/check.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { setJsonValue } from '../../main/tune/json-text.js';
import type { Recommendation } from '../../main/tune/recommend.js';
import { editedText, writeSettings } from '../../main/tune/write-settings.js';

function parse(text: string): Project {
  const checked = checkProject(JSON.parse(text) as unknown);
  if (!checked.project) throw new Error(JSON.stringify(checked.issues));
  return checked.project;
}

// Compact one-line objects and an odd key order, as people write them: all of it must survive.
const INTERFACE_TEXT = `{
  "version": 1,
  "name": "Sentiment",
  "models": {
    "m": { "runtime": "onnx", "source": { "path": "./m.onnx" }, "inputs": [{ "name": "x", "dtype": "float32", "shape": ["batch", 4] }], "outputs": [{ "name": "y", "dtype": "float32", "shape": ["batch", 4] }] }
  },
  "functions": { "f": { "kind": "model", "model": "m" } },
  "ui": {
    "type": "interface",
    "fn": "f",
    "inputs": [{ "type": "json", "id": "row" }],
    "outputs": [{ "type": "json", "id": "out" }],
    "examples": [[[1, 2, 3, 4]]]
  }
}
`;

const BLOCKS_TEXT = `{
  "version": 1,
  "name": "Blocks",
  "functions": { "a": { "kind": "js", "module": "./f.js" }, "b": { "kind": "js", "module": "./f.js" } },
  "ui": {
    "type": "blocks",
    "children": [{ "type": "textbox", "id": "t" }, { "type": "button", "id": "go" }],
    "events": [
      {
        "trigger": "go.click",
        "fn": "a",
        "inputs": ["t"],
        "outputs": ["t"],
        "then": [{ "fn": "b", "inputs": ["t"], "outputs": ["t"], "concurrencyLimit": 2 }]
      }
    ]
  },
  "queue": { "maxSize": 5 }
}
`;

const settings = (over: Partial<Recommendation> = {}): Recommendation => ({
  events: [],
  replicas: {},
  maxSize: undefined,
  capacity: [],
  ...over,
});

describe('setJsonValue (byte-preserving edits of JSON text)', () => {
  it('replaces a value in place and leaves every other byte', () => {
    const text = '{ "a": 1,\n  "b": { "c": "x" } }';
    expect(setJsonValue(text, ['b', 'c'], 7)).toBe('{ "a": 1,\n  "b": { "c": 7 } }');
  });

  it('adds a member to a multi-line object with the indentation of its last member', () => {
    const text = '{\n    "a": 1,\n    "b": 2\n}\n';
    expect(setJsonValue(text, ['c'], true)).toBe('{\n    "a": 1,\n    "b": 2,\n    "c": true\n}\n');
  });

  it('adds a member to a one-line object on that line, and creates missing objects on the way', () => {
    expect(setJsonValue('{ "a": { "b": 1 } }', ['a', 'c'], 2)).toBe('{ "a": { "b": 1, "c": 2 } }');
    expect(setJsonValue('{\n  "a": 1\n}', ['q', 'maxSize'], 3)).toBe('{\n  "a": 1,\n  "q": { "maxSize": 3 }\n}');
    expect(setJsonValue('{}', ['a'], null)).toBe('{ "a": null }');
  });

  it('follows array indices and refuses a path through a missing item', () => {
    expect(setJsonValue('[ {"a": 1}, {"a": 2} ]', [1, 'a'], 5)).toBe('[ {"a": 1}, {"a": 5} ]');
    expect(() => setJsonValue('[1]', [3, 'a'], 5)).toThrow(/has no "3"/);
  });

  it('handles strings with escapes and braces inside', () => {
    const text = '{ "s": "a \\" } { [", "n": 1 }';
    expect(setJsonValue(text, ['n'], 2)).toBe('{ "s": "a \\" } { [", "n": 2 }');
  });
});

describe('tune --write: a minimal, valid diff of project.json', () => {
  it('writes only the settings that change, on the interface, keeping the compact lines as they are', () => {
    const project = parse(INTERFACE_TEXT);
    const rec = settings({
      events: [{ eventIndex: 0, apiName: 'predict', concurrencyLimit: 4, batch: true, maxBatchSize: 16 }],
      replicas: { m: 2 },
      maxSize: 120,
    });
    const { text, changes } = editedText(INTERFACE_TEXT, 'project.json', project, rec);
    expect(changes.map((c) => c.path)).toEqual([
      '$.ui.concurrencyLimit',
      '$.ui.batch',
      '$.ui.maxBatchSize',
      '$.models.m.replicas',
      '$.queue.maxSize',
    ]);
    // The model's line gains `"replicas": 2` and nothing else of it changes; the rest are new members.
    const model = INTERFACE_TEXT.split('\n')[4] ?? '';
    expect(text).toBe(
      INTERFACE_TEXT.replace(model, model.replace(/ }$/, ', "replicas": 2 }')).replace(
        '"examples": [[[1, 2, 3, 4]]]\n  }',
        '"examples": [[[1, 2, 3, 4]]],\n    "concurrencyLimit": 4,\n    "batch": true,\n    "maxBatchSize": 16\n  },\n  "queue": { "maxSize": 120 }',
      ),
    );
    const after = parse(text);
    expect(after.ui.type === 'interface' && [after.ui.concurrencyLimit, after.ui.batch, after.ui.maxBatchSize]).toEqual([4, true, 16]);
    expect(after.models.m?.replicas).toBe(2);
    expect(after.queue.maxSize).toBe(120);
  });

  it('changes nothing when the project already has the recommended settings (the default limit counts)', () => {
    const project = parse(INTERFACE_TEXT);
    const rec = settings({
      events: [{ eventIndex: 0, apiName: 'predict', concurrencyLimit: 1, batch: false, maxBatchSize: 4 }],
      replicas: { m: 1 },
    });
    expect(editedText(INTERFACE_TEXT, 'project.json', project, rec)).toEqual({ text: INTERFACE_TEXT, changes: [] });
  });

  it('finds a chained event of a Blocks UI by its normalize() index and replaces its value in place', () => {
    const project = parse(BLOCKS_TEXT);
    const rec = settings({
      events: [{ eventIndex: 1, apiName: 'b', concurrencyLimit: 8, batch: false, maxBatchSize: 4 }],
      maxSize: 40,
    });
    const { text, changes } = editedText(BLOCKS_TEXT, 'project.json', project, rec);
    expect(changes).toEqual([
      { path: '$.ui.events[0].then[0].concurrencyLimit', from: 2, to: 8 },
      { path: '$.queue.maxSize', from: 5, to: 40 },
    ]);
    expect(text).toBe(BLOCKS_TEXT.replace('"concurrencyLimit": 2', '"concurrencyLimit": 8').replace('"maxSize": 5', '"maxSize": 40'));
  });

  describe('on disk', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'demo-desktop-tune-write-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('writes atomically, and refuses a file that changed while the tune ran', async () => {
      const file = join(dir, 'project.json');
      await writeFile(file, INTERFACE_TEXT);
      const rec = settings({ events: [{ eventIndex: 0, apiName: 'predict', concurrencyLimit: 3, batch: false, maxBatchSize: 4 }] });
      await writeFile(file, `${INTERFACE_TEXT} `);
      await expect(writeSettings(file, INTERFACE_TEXT, parse(INTERFACE_TEXT), rec)).rejects.toThrow(
        /changed while the tune ran; nothing was written/,
      );
      expect(await readFile(file, 'utf8')).toBe(`${INTERFACE_TEXT} `);
      await writeFile(file, INTERFACE_TEXT);
      const changes = await writeSettings(file, INTERFACE_TEXT, parse(INTERFACE_TEXT), rec);
      expect(changes).toEqual([{ path: '$.ui.concurrencyLimit', from: 1, to: 3 }]);
      expect(await readFile(file, 'utf8')).toBe(
        INTERFACE_TEXT.replace('"examples": [[[1, 2, 3, 4]]]', '"examples": [[[1, 2, 3, 4]]],\n    "concurrencyLimit": 3'),
      );
    });
  });
});
