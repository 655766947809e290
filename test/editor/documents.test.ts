/**
 * The editor's files through its real HTTP API: open gives the exact text; saving a document
 * opened and not edited changes no byte, whatever the file's formatting; an edited one is written
 * in schema order; Save As does not overwrite by accident; a new project from a template keeps
 * working where it is saved; validate reports schema, reference and file problems together.
 */
import { cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditorDocument } from '../../preload/shared/editor/editor-api.js';
import { formatProject } from '../../preload/shared/project/format-project.js';
import { REPO_ROOT, tempDir } from '../runtimes/support.js';
import { startTestEditor, type TestEditor } from './support.js';

const EXAMPLES = join(REPO_ROOT, 'examples');

describe('editor documents (real editor server)', () => {
  let t: TestEditor;
  let work: { path: string; remove: () => Promise<void> };

  beforeAll(async () => {
    t = await startTestEditor();
    work = await tempDir('editor-docs');
  });
  afterAll(async () => {
    await t.close();
    await work.remove();
  });

  /** A copy of an example folder in the work folder, with project.json replaced by `text` if given. */
  async function copyExample(name: string, into: string, text?: string): Promise<string> {
    const dir = join(work.path, into);
    await cp(join(EXAMPLES, name), dir, { recursive: true });
    const file = join(dir, 'project.json');
    if (text !== undefined) await writeFile(file, text);
    return file;
  }

  async function openAndSave(file: string): Promise<{ opened: EditorDocument; saved: EditorDocument }> {
    const opened = (await t.api('open', { path: file })).json as EditorDocument;
    const project: unknown = JSON.parse(opened.text);
    const response = await t.api('save', { path: null, project, source: { path: file } });
    expect(response.status, response.body).toBe(200);
    return { opened, saved: response.json as EditorDocument };
  }

  it('opens and saves every example unchanged byte for byte, also when the file is formatted differently', async () => {
    const examples = await readdir(EXAMPLES);
    expect(examples.length).toBeGreaterThan(5);
    for (const name of examples) {
      const original = await readFile(join(EXAMPLES, name, 'project.json'));
      const file = await copyExample(name, `same-${name}`);
      const { opened, saved } = await openAndSave(file);
      expect(opened.text).toBe(original.toString('utf8'));
      expect(await readFile(file), name).toEqual(original);
      expect(saved.text).toBe(opened.text);
      // Minified, keys reversed: still the same project, so still the same bytes.
      const reversed = JSON.stringify(JSON.parse(original.toString('utf8')), (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      );
      const odd = await copyExample(name, `odd-${name}`, reversed);
      await openAndSave(odd);
      expect(await readFile(odd, 'utf8'), name).toBe(reversed);
    }
  });

  it('writes an edited document in schema order, 2-space JSON with a final newline, and saves it stably', async () => {
    const file = await copyExample('greet', 'edited');
    const opened = (await t.api('open', { path: file })).json as EditorDocument;
    const project = JSON.parse(opened.text) as { ui: { inputs: Record<string, unknown>[] } };
    project.ui.inputs[0] = { placeholder: 'Your name', label: 'Your name', id: 'name', type: 'textbox' };
    const edited = { queue: { maxSize: 5 }, ...project };
    const saved = (await t.api('save', { path: null, project: edited, source: { path: file } })).json as EditorDocument;
    const text = await readFile(file, 'utf8');
    expect(saved.text).toBe(text);
    expect(text).toBe(formatProject(edited));
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['$schema', 'version', 'name', 'description', 'functions', 'ui', 'queue']);
    expect(text).toContain(
      '\n    "inputs": [\n      { "type": "textbox", "id": "name", "label": "Your name", "placeholder": "Your name" }\n    ],\n',
    );
    expect(saved.issues).toEqual([]);
    const again = (await t.api('save', { path: null, project: JSON.parse(text) as unknown, source: { path: file } }))
      .json as EditorDocument;
    expect(again.text).toBe(text);
  });

  it('saves atomically: the file is replaced by a rename, no temporary file stays', async () => {
    const file = await copyExample('greet', 'atomic');
    const before = await stat(file);
    const project = { ...(JSON.parse(await readFile(file, 'utf8')) as object), description: 'changed' };
    expect((await t.api('save', { path: null, project, source: { path: file } })).status).toBe(200);
    const after = await stat(file);
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(before.mode & 0o777);
    expect((await readdir(join(work.path, 'atomic'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses Save As over another existing file unless asked to overwrite, and non-.json names', async () => {
    const file = await copyExample('greet', 'save-as');
    const other = join(work.path, 'save-as', 'other.json');
    await writeFile(other, '{"keep": true}\n');
    const project: unknown = JSON.parse(await readFile(file, 'utf8'));
    const refused = await t.api('save', { path: other, project, source: { path: file } });
    expect(refused.status).toBe(409);
    expect(await readFile(other, 'utf8')).toBe('{"keep": true}\n');
    const replaced = await t.api('save', { path: other, project, source: { path: file }, overwrite: true });
    expect(replaced.status).toBe(200);
    // An unchanged project saved elsewhere keeps its source's formatting.
    expect(await readFile(other, 'utf8')).toBe(await readFile(file, 'utf8'));
    expect((await t.api('save', { path: join(work.path, 'x.txt'), project, source: { path: file } })).status).toBe(400);
    const intoFolder = await t.api('save', { path: join(work.path, 'save-as'), project, source: { path: null }, overwrite: true });
    expect((intoFolder.json as EditorDocument).path).toBe(file);
    expect((await t.api('save', { path: null, project, source: { path: null } })).status).toBe(400);
  });

  it('starts a new project from a template that still works once saved elsewhere (modules copied, model paths kept)', async () => {
    for (const template of ['greet', 'chat', 'sentiment']) {
      const created = (await t.api('new', { template })).json as EditorDocument;
      expect(created.path).toBeNull();
      expect(created.template).toBe(template);
      expect(created.issues, template).toEqual([]);
      const target = join(work.path, `new-${template}`, 'project.json');
      const saved = await t.api('save', { path: target, project: JSON.parse(created.text) as unknown, source: { path: null, template } });
      expect(saved.status, saved.body).toBe(200);
      const document = saved.json as EditorDocument;
      expect(document.path).toBe(target);
      expect(document.issues, template).toEqual([]);
      expect(await readFile(target, 'utf8')).toBe(created.text);
    }
    const greet = await readFile(join(EXAMPLES, 'greet', 'greet.js'), 'utf8');
    expect(await readFile(join(work.path, 'new-greet', 'greet.js'), 'utf8')).toBe(greet);
    expect((await t.api('new', { template: '../greet' })).status).toBe(404);
  });

  it('never overwrites a file beside the target when copying a template', async () => {
    const dir = join(work.path, 'keep-module');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'greet.js'), 'export const greet = () => "mine";\n');
    const created = (await t.api('new', { template: 'greet' })).json as EditorDocument;
    const target = join(dir, 'project.json');
    const project: unknown = JSON.parse(created.text);
    expect((await t.api('save', { path: target, project, source: { path: null, template: 'greet' } })).status).toBe(200);
    expect(await readFile(join(dir, 'greet.js'), 'utf8')).toBe('export const greet = () => "mine";\n');
  });

  it('validates schema, references and files at once, relative to the document folder or its template', async () => {
    const dir = join(work.path, 'validate');
    await mkdir(dir, { recursive: true });
    const project = {
      version: 1,
      name: 'broken',
      queue: { maxSize: 'ten' },
      functions: { greet: { kind: 'js', module: './missing.js', export: 'greet' } },
      ui: { type: 'interface', fn: 'nope', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
    };
    const saved = {
      issues: (
        (await t.api('validate', { project, source: { path: join(dir, 'project.json') } })).json as {
          issues: { path: string; message: string }[];
        }
      ).issues,
    };
    expect(saved.issues.map((issue) => issue.path)).toEqual(['$.functions.greet.module', '$.queue.maxSize', '$.ui.fn']);
    expect(saved.issues[0]?.message).toContain('no such module');
    const fromTemplate = (
      await t.api('validate', {
        project: {
          ...project,
          queue: {},
          ui: { ...project.ui, fn: 'greet' },
          functions: { greet: { kind: 'js', module: './greet.js', export: 'greet' } },
        },
        source: { path: null, template: 'greet' },
      })
    ).json as { issues: unknown[] };
    expect(fromTemplate.issues).toEqual([]);
    const unsaved = (await t.api('validate', { project: { ...project, queue: {} } })).json as {
      issues: { path: string; message: string }[];
    };
    expect(unsaved.issues.map((issue) => issue.path)).toEqual(['$', '$.ui.fn']);
    expect(unsaved.issues[0]?.message).toContain('checked once it is saved');
  });

  it('opens with what `demo-desktop edit` was given, and reports unreadable files', async () => {
    const session = (await t.api('session')).json as { document: EditorDocument };
    expect(session.document).toMatchObject({ path: null, template: 'greet', issues: [] });
    expect((await t.api('open', { path: join(work.path, 'nothing.json') })).status).toBe(404);
    const folder = await copyExample('greet', 'by-folder');
    expect(((await t.api('open', { path: join(work.path, 'by-folder') })).json as EditorDocument).path).toBe(folder);
    const notProject = join(work.path, 'notes.txt');
    await writeFile(notProject, 'secret');
    const refused = await t.api('open', { path: notProject });
    expect(refused.status).toBe(400);
    expect(refused.body).not.toContain('secret');
    const broken = join(work.path, 'broken.json');
    await writeFile(broken, '{"version": 1,');
    const opened = (await t.api('open', { path: broken })).json as EditorDocument;
    expect(opened.text).toBe('{"version": 1,');
    expect(opened.issues[0]?.message).toMatch(/^not valid JSON/);
  });
});
