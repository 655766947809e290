import { mkdtemp, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { parseProject } from '../../preload/shared/project/check.js';
import { loadProject, MAX_PROJECT_FILE_BYTES } from '../../main/project/load.js';
import { ProjectValidationError, type ProjectIssue } from '../../preload/shared/project/validation-error.js';
import { blocksProject, interfaceProject } from './fixtures.js';

/** Parses and returns the issues of the ProjectValidationError it must throw. */
function issuesOf(input: unknown): readonly ProjectIssue[] {
  try {
    parseProject(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectValidationError);
    return (error as ProjectValidationError).issues;
  }
  throw new Error('expected the project to be invalid');
}

describe('parseProject: valid projects', () => {
  it('parses an Interface project and applies defaults', () => {
    const project = parseProject(interfaceProject());
    expect(project.ui.type).toBe('interface');
    expect(project.queue).toEqual({
      defaultConcurrencyLimit: 2,
      maxSize: null,
      apiOpen: true,
      cancelOnDisconnect: true,
      batching: { policy: 'adaptive', windowMs: 10, targetMs: 500, maxWindowMs: 50 },
    });
    expect(project.share).toEqual({ enabled: false });
    expect(project.metrics).toEqual({ public: false });
    expect(project.models.sentiment).toMatchObject({ dtype: 'fp32', device: 'auto', replicas: 1, load: 'lazy' });
    if (project.ui.type !== 'interface') throw new Error('unreachable');
    expect(project.ui).toMatchObject({ apiName: 'predict', concurrencyLimit: 'default', batch: false, queue: true });
  });

  it('parses a Blocks project with nested layouts, compositions and several triggers', () => {
    const project = parseProject(blocksProject());
    expect(project.ui.type).toBe('blocks');
    expect(Object.keys(project.functions)).toEqual(['classify', 'summarize', 'shout', 'both', 'summaryMood']);
    expect(project.functions.both).toEqual({ kind: 'parallel', functions: ['classify', 'summarize'], combine: 'outputs' });
    expect(project.functions.shout).toEqual({ kind: 'js', module: './shout.js', export: 'default' });
  });

  it('accepts a "$schema" key for editor completion', () => {
    expect(parseProject({ ...interfaceProject(), $schema: 'https://example.test/x.json' }).$schema).toBe('https://example.test/x.json');
  });
});

describe('parseProject: schema errors', () => {
  it('reports every problem at once, each with JSON path, offending value and expectation', () => {
    const input = {
      version: 1,
      name: 'Broken',
      functions: {
        classify: { kind: 'model' },
        odd: { kind: 'magic' },
        shout: { kind: 'js', module: 'shout.js' },
      },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'text' },
          { type: 'fancybox', id: 'fancy' },
          { type: 'row', children: [{ type: 'button', id: 'run', label: 3 }] },
        ],
        events: [{ trigger: 'run.click', fn: 'classify', inputs: ['text'], concurrency_limit: 2 }],
      },
      queue: { max_size: 10 },
    };
    const issues = issuesOf(input);
    expect(issues).toEqual([
      { path: '$.functions.classify.model', message: 'missing; expected string' },
      {
        path: '$.functions.odd.kind',
        message: 'unknown kind; expected one of "model", "js", "parallel", "chain"',
        value: 'magic',
      },
      { path: '$.functions.shout.module', message: expect.stringContaining('a relative path starting with ./'), value: 'shout.js' },
      { path: '$.queue', message: 'unknown key "max_size" (did you mean "maxSize"?)' },
      {
        path: '$.ui.children[1].type',
        message: expect.stringMatching(/^unknown type; expected one of "row", .*"textbox", .*"state"$/),
        value: 'fancybox',
      },
      { path: '$.ui.children[2].children[0].label', message: 'expected string', value: 3 },
      { path: '$.ui.events[0]', message: 'unknown key "concurrency_limit" (did you mean "concurrencyLimit"?)' },
    ]);
  });

  it('formats the issues into one readable message', () => {
    const error = (() => {
      try {
        parseProject({ ...interfaceProject(), name: '' }, 'demo/project.json');
      } catch (e) {
        return e as ProjectValidationError;
      }
      throw new Error('expected an error');
    })();
    expect(error.code).toBe('INVALID_PROJECT');
    expect(error.message).toMatch(/^demo\/project\.json is not a valid project \(1 problem\):\n {2}- \$\.name: .*>=1.* \(got ""\)$/);
    expect(error.toPayload()).toEqual({ code: 'INVALID_PROJECT', message: error.message });
  });

  it('rejects what is not a JSON object', () => {
    expect(issuesOf([1, 2])).toEqual([{ path: '$', message: 'expected a JSON object', value: [1, 2] }]);
    expect(issuesOf(null)).toEqual([{ path: '$', message: 'expected a JSON object', value: null }]);
  });

  it('names the wrong value of a union that has no discriminator', () => {
    const input = interfaceProject();
    // A value of the right type reports that branch's check...
    expect(issuesOf({ ...input, queue: { defaultConcurrencyLimit: 0 } })).toEqual([
      { path: '$.queue.defaultConcurrencyLimit', message: 'Too small: expected number to be >=1', value: 0 },
    ]);
    // ...a value of no allowed type lists every allowed form.
    expect(issuesOf({ ...input, ui: { ...input.ui, concurrencyLimit: 'lots' } })).toEqual([
      {
        path: '$.ui.concurrencyLimit',
        message: 'does not match any allowed form: [expected number] or [expected null] or [expected "default"]',
        value: 'lots',
      },
    ]);
  });

  it('accepts allowedPaths inside the project and names each entry that leaves it', () => {
    expect(parseProject({ ...interfaceProject(), allowedPaths: ['assets', 'docs/readme.md', '.'] }).allowedPaths).toEqual([
      'assets',
      'docs/readme.md',
      '.',
    ]);
    expect(parseProject(interfaceProject()).allowedPaths).toEqual([]);
    const issues = issuesOf({ ...interfaceProject(), allowedPaths: ['ok', '../secrets', '/etc', 'a/../../b', 'C:\\x'] });
    expect(issues.map((issue) => [issue.path, issue.value])).toEqual([
      ['$.allowedPaths[1]', '../secrets'],
      ['$.allowedPaths[2]', '/etc'],
      ['$.allowedPaths[3]', 'a/../../b'],
      ['$.allowedPaths[4]', 'C:\\x'],
    ]);
    expect(issues[0]?.message).toMatch(/inside the project folder, relative to project.json/);
  });

  it('reports an invalid model or function name as an invalid key', () => {
    const input = { ...interfaceProject(), functions: { 'bad name': { kind: 'model', model: 'sentiment' } } };
    const issues = issuesOf(input);
    expect(issues[0]).toMatchObject({ path: '$.functions["bad name"]', message: expect.stringMatching(/^invalid name: an identifier/) });
  });
});

describe('parseProject: references', () => {
  it('reports unknown models, functions, components, events and cycles together', () => {
    const input = {
      version: 1,
      name: 'Refs',
      models: { sentiment: { runtime: 'transformers', source: { hub: 'a/b' }, task: 'ner' } },
      functions: {
        classify: { kind: 'model', model: 'sentimnet' },
        loopA: { kind: 'chain', functions: ['loopB', 'classify'] },
        loopB: { kind: 'parallel', functions: ['loopA', 'missing'] },
      },
      ui: {
        type: 'blocks',
        children: [{ type: 'row', id: 'panel', children: [{ type: 'textbox', id: 'text' }] }],
        events: [{ trigger: ['ghost.click', 'text.hover', 'load', 'nodot'], fn: 'classfy', inputs: ['text', 'panel'], outputs: ['out'] }],
      },
    };
    const functions = '"classify", "loopA", "loopB"';
    expect(issuesOf(input)).toEqual([
      {
        path: '$.functions.classify.model',
        message: 'unknown model; expected one of "sentiment" (add it under "models")',
        value: 'sentimnet',
      },
      { path: '$.functions.loopA', message: 'functions call each other in a loop: loopA -> loopB -> loopA' },
      { path: '$.functions.loopB.functions[1]', message: `unknown function; expected one of ${functions}`, value: 'missing' },
      { path: '$.ui.events[0].fn', message: `unknown function; expected one of ${functions}`, value: 'classfy' },
      // A layout's id is not a component: events cannot read from it.
      {
        path: '$.ui.events[0].inputs[1]',
        message: 'unknown component; expected one of "text" (give the component an "id")',
        value: 'panel',
      },
      {
        path: '$.ui.events[0].outputs[0]',
        message: 'unknown component; expected one of "text" (give the component an "id")',
        value: 'out',
      },
      { path: '$.ui.events[0].trigger[0]', message: 'unknown component; expected one of "text"', value: 'ghost.click' },
      {
        path: '$.ui.events[0].trigger[1]',
        message: expect.stringMatching(/^unknown event; expected one of click, change/),
        value: 'text.hover',
      },
      { path: '$.ui.events[0].trigger[3]', message: 'expected "componentId.event" such as "run.click", or "load"', value: 'nodot' },
    ]);
  });

  it("reports schema and reference problems in one run (the issue's example): a wrong queue.maxSize type does not hide an event naming a missing function", () => {
    const input = {
      version: 1,
      name: 'Both',
      functions: { greet: { kind: 'js', module: './f.js' } },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'name' },
          { type: 'button', id: 'go' },
        ],
        events: [{ trigger: 'go.click', fn: 'missing', inputs: ['name'], outputs: ['name'] }],
      },
      queue: { maxSize: '10' },
    };
    expect(issuesOf(input)).toEqual([
      { path: '$.queue.maxSize', message: expect.stringContaining('expected number'), value: '10' },
      { path: '$.ui.events[0].fn', message: 'unknown function; expected one of "greet"', value: 'missing' },
    ]);
  });

  it('checks the references of the parts that parsed where another part of the same list did not', () => {
    const input = {
      version: 1,
      name: 'Parts',
      functions: {
        greet: { kind: 'js', module: './f.js' },
        broken: { kind: 'js' },
        both: { kind: 'parallel', functions: ['greet', 'gone'] },
      },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'name', lines: 'three' },
          { type: 'sliderr', id: 'odd' },
        ],
        events: [
          { trigger: 'name.submit', fn: 'broken', inputs: ['name', 'odd'], outputs: ['nmae'], concurrency_limit: 2 },
          { trigger: 'name.change', fn: 'gone', queue: 'yes' },
        ],
      },
    };
    const paths = issuesOf(input).map((issue) => `${issue.path}: ${issue.message}`);
    expect(paths).toEqual([
      '$.functions.both.functions[1]: unknown function; expected one of "greet", "broken", "both"',
      '$.functions.broken.module: missing; expected string',
      '$.ui.children[0].lines: expected number',
      expect.stringMatching(/^\$\.ui\.children\[1\]\.type: unknown type/),
      '$.ui.events[0]: unknown key "concurrency_limit" (did you mean "concurrencyLimit"?)',
      // "odd" names a component whose type is wrong: reported there, not as a missing id here.
      '$.ui.events[0].outputs[0]: unknown component; expected one of "name", "odd" (give the component an "id")',
      '$.ui.events[1].fn: unknown function; expected one of "greet", "broken", "both"',
      '$.ui.events[1].queue: expected boolean',
    ]);
  });

  it('calls a map of names (functions, models) an object, as JSON does, with the value found', () => {
    const issues = issuesOf({ version: 1, name: 'Types', functions: 'x', models: [], ui: { type: 'interface', fn: 'f' } });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '$.functions', message: 'expected object', value: 'x' }),
        expect.objectContaining({ path: '$.models', message: 'expected object', value: [] }),
      ]),
    );
  });

  it('checks chained events (then, any depth) with paths into the chain', () => {
    const input = {
      version: 1,
      name: 'Chains',
      functions: { greet: { kind: 'js', module: './f.js' }, shout: { kind: 'js', module: './f.js' } },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'name' },
          { type: 'textbox', id: 'out' },
          { type: 'button', id: 'go' },
        ],
        events: [
          {
            trigger: 'go.click',
            fn: 'greet',
            inputs: ['name'],
            outputs: ['out'],
            then: [
              { fn: 'shout', inputs: ['out'], outputs: ['out'] },
              { fn: 'shuot', inputs: ['nmae'], onlyOnSuccess: true, then: [{ fn: 'greet', outputs: ['ghost'] }] },
            ],
          },
        ],
      },
    };
    const expected = 'one of "name", "out", "go"';
    expect(issuesOf(input)).toEqual([
      { path: '$.ui.events[0].then[1].fn', message: 'unknown function; expected one of "greet", "shout"', value: 'shuot' },
      {
        path: '$.ui.events[0].then[1].inputs[0]',
        message: `unknown component; expected ${expected} (give the component an "id")`,
        value: 'nmae',
      },
      {
        path: '$.ui.events[0].then[1].then[0].outputs[0]',
        message: `unknown component; expected ${expected} (give the component an "id")`,
        value: 'ghost',
      },
    ]);
  });

  it('reports schema problems inside a chain with their path: a trigger, a snake_case key', () => {
    const input = {
      version: 1,
      name: 'Chains',
      functions: { greet: { kind: 'js', module: './f.js' } },
      ui: {
        type: 'blocks',
        children: [{ type: 'button', id: 'go' }],
        events: [
          {
            trigger: 'go.click',
            fn: 'greet',
            then: [{ fn: 'greet', then: [{ fn: 'greet', trigger: 'go.click', only_on_success: true }] }],
          },
        ],
      },
    };
    expect(issuesOf(input)).toEqual([
      {
        path: '$.ui.events[0].then[0].then[0]',
        message:
          'unknown key "trigger" (a chained event runs when the one before it ends; it has no trigger); ' +
          'unknown key "only_on_success" (did you mean "onlyOnSuccess"?)',
      },
    ]);
  });

  it('finds a cycle through a function that calls itself', () => {
    const input = { ...interfaceProject(), functions: { classify: { kind: 'chain', functions: ['classify', 'classify'] } } };
    expect(issuesOf(input)).toContainEqual({
      path: '$.functions.classify',
      message: 'functions call each other in a loop: classify -> classify',
    });
  });

  it('checks Interface ids, examples and the function name with paths that exist in the file', () => {
    const input = {
      ...interfaceProject(),
      ui: {
        type: 'interface',
        fn: 'nope',
        inputs: [
          { type: 'textbox', id: 'a' },
          { type: 'textbox', id: '__submit' },
        ],
        outputs: [{ type: 'label', id: 'a' }],
        examples: [['only one']],
      },
    };
    expect(issuesOf(input)).toEqual([
      { path: '$.ui.examples[0]', message: 'an example needs one value per input (2)', value: ['only one'] },
      { path: '$.ui.fn', message: 'unknown function; expected one of "classify"', value: 'nope' },
      { path: '$.ui.inputs[1].id', message: "reserved for the Interface's own button; choose another id", value: '__submit' },
      { path: '$.ui.outputs[0].id', message: 'duplicate id, first used at $.ui.inputs[0]', value: 'a' },
    ]);
  });

  it('reports duplicate ids anywhere in a Blocks tree', () => {
    const input = blocksProject();
    if (input.ui.type !== 'blocks') throw new Error('unreachable');
    input.ui.children.push({ type: 'column', children: [{ type: 'textbox', id: 'text' }] });
    expect(issuesOf(input)).toEqual([
      { path: '$.ui.children[4].children[0].id', message: 'duplicate id, first used at $.ui.children[0].children[0]', value: 'text' },
    ]);
  });
});

describe('loadProject', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const write = async (name: string, text: string): Promise<string> => {
    dir ??= await mkdtemp(path.join(tmpdir(), 'demo-desktop-project-'));
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
    return file;
  };

  it('loads a project whose files exist next to it', async () => {
    const file = await write('project.json', JSON.stringify(blocksProject()));
    await write('shout.js', 'export default (text) => text.toUpperCase();\n');
    const loaded = await loadProject(file);
    expect(loaded).toMatchObject({ file, dir: path.dirname(file) });
    expect(loaded.project.name).toBe('Studio');
  });

  it('reports missing model folders and JS modules with the path it looked at', async () => {
    const file = await write(
      'project.json',
      JSON.stringify({ ...interfaceProject(), functions: { classify: { kind: 'js', module: './gone.js' } } }),
    );
    await expect(loadProject(file)).rejects.toMatchObject({
      issues: [
        { path: '$.functions.classify.module', message: expect.stringContaining('no such module'), value: './gone.js' },
        {
          path: '$.models.sentiment.source.path',
          message: expect.stringContaining(path.join(path.dirname(file), 'models/sentiment')),
          value: './models/sentiment',
        },
      ],
    });
  });

  it('lists missing files with the schema and reference problems of the same file', async () => {
    const file = await write(
      'project.json',
      JSON.stringify({ ...interfaceProject(), functions: { classify: { kind: 'js', module: './gone.js' } }, queue: { maxSize: 0 } }),
    );
    const error: unknown = await loadProject(file).catch((e: unknown) => e);
    expect((error as ProjectValidationError).issues.map((issue) => issue.path)).toEqual([
      '$.functions.classify.module',
      '$.models.sentiment.source.path',
      '$.queue.maxSize',
    ]);
  });

  it('reports invalid JSON and unreadable files clearly', async () => {
    const file = await write('project.json', '{ "version": 1,, }');
    await expect(loadProject(file)).rejects.toMatchObject({
      code: 'INVALID_PROJECT',
      issues: [
        {
          path: '$',
          message: "not valid JSON at line 1, column 16: expected a property name in double quotes, found ',': remove this comma",
        },
      ],
    });
    const missing = path.join(path.dirname(file), 'nope.json');
    const error: unknown = await loadProject(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: `No such file: ${missing}. Check the path (a project is the project.json file of a demo's folder).`,
    });
  });

  it('says what to give instead of a folder', async () => {
    const file = await write('project.json', '{}');
    const folder = path.dirname(file);
    await expect(loadProject(folder)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${folder} is a folder, not a project file: give its project.json (${file}).`,
    });
    const empty = path.join(folder, 'empty');
    await mkdir(empty);
    await expect(loadProject(empty)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `${empty} is a folder, not a project file: give the path of a project.json.`,
    });
  });

  it('refuses a file far larger than any project before reading it', async () => {
    const file = await write('project.json', '');
    await truncate(file, MAX_PROJECT_FILE_BYTES + 1);
    await expect(loadProject(file)).rejects.toMatchObject({
      code: 'INVALID_PROJECT',
      issues: [{ path: '$', message: 'the file is 65 MiB; a project.json may be at most 64 MiB. Keep data in files the project names' }],
    });
  });
});
