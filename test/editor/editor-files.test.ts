/**
 * The editor's own files: atomic writes (a reader never sees half a file), the recent projects
 * list in the app's data folder, where that folder is, the templates and the model cache listing.
 */
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDataDir } from '../../main/common/app-data-dir.js';
import { writeFileAtomic } from '../../main/common/atomic-write.js';
import { listCachedModels } from '../../main/editor/model-cache.js';
import { MAX_RECENT, RECENT_FILE, RecentProjects } from '../../main/editor/recent-projects.js';
import { listTemplates } from '../../main/editor/templates.js';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import { REPO_ROOT, tempDir } from '../runtimes/support.js';
import { startTestEditor } from './support.js';

let work: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir('editor-files');
});
afterAll(() => work.remove());

describe('writeFileAtomic', () => {
  it('never lets a reader see a partial file while it rewrites a large one', async () => {
    const file = join(work.path, 'big.json');
    const versions = ['a', 'b', 'c', 'd'].map((letter) => JSON.stringify({ fill: letter.repeat(4 * 2 ** 20) }));
    await writeFileAtomic(file, versions[0] ?? '');
    const state = { writing: true };
    const seen = new Set<number>();
    const reader = (async () => {
      while (state.writing) {
        const text = await readFile(file, 'utf8');
        seen.add(versions.indexOf(text));
      }
    })();
    for (let round = 0; round < 3; round++) for (const version of versions) await writeFileAtomic(file, version);
    state.writing = false;
    await reader;
    expect(seen.has(-1)).toBe(false);
    expect((await readdir(work.path)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the permissions of the file it replaces and leaves it alone when the write fails', async () => {
    const file = join(work.path, 'mode.json');
    await writeFile(file, 'old', { mode: 0o640 });
    await writeFileAtomic(file, 'new');
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    await expect(writeFileAtomic(join(work.path, 'no-such-folder', 'x.json'), 'x')).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('new');
  });
});

describe('RecentProjects', () => {
  it('lists newest first, at most 20, marks missing files, forgets on request, and survives a broken file', async () => {
    const dir = join(work.path, 'data');
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const recent = new RecentProjects(dir, () => new Date((clock += 1000)));
    expect(await recent.list()).toEqual([]);
    const files = await Promise.all(
      Array.from({ length: MAX_RECENT + 2 }, async (_, i) => {
        const file = join(work.path, `p${i}.json`);
        await writeFile(file, '{}');
        return file;
      }),
    );
    for (const [i, file] of files.entries()) await recent.touch(file, `Project ${i}`);
    await recent.touch(files[3] ?? '', 'Project 3');
    const list = await recent.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list.map((entry) => entry.name).slice(0, 3)).toEqual(['Project 3', 'Project 21', 'Project 20']);
    expect(list.some((entry) => entry.name === 'Project 0')).toBe(false);
    await rm(files[21] ?? '');
    expect((await recent.list()).find((entry) => entry.name === 'Project 21')?.missing).toBe(true);
    await recent.forget(files[21] ?? '');
    expect((await recent.list()).map((entry) => entry.name)[0]).toBe('Project 3');
    const stored = JSON.parse(await readFile(join(dir, RECENT_FILE), 'utf8')) as { version: number; projects: unknown[] };
    expect(stored.version).toBe(1);
    await writeFile(join(dir, RECENT_FILE), '{ broken');
    expect(await recent.list()).toEqual([]);
    await recent.touch(files[1] ?? '', 'Project 1');
    expect((await recent.list()).map((entry) => entry.name)).toEqual(['Project 1']);
  });

  it('two saves at once both land in the list', async () => {
    const recent = new RecentProjects(join(work.path, 'data-race'));
    await Promise.all([recent.touch(join(work.path, 'a.json'), 'A'), recent.touch(join(work.path, 'b.json'), 'B')]);
    expect((await recent.list()).map((entry) => entry.name).sort()).toEqual(['A', 'B']);
  });

  it('is kept by the editor: open and save put a project first (real editor server)', async () => {
    const t = await startTestEditor();
    try {
      const file = join(work.path, 'recent-greet', 'project.json');
      await mkdir(join(work.path, 'recent-greet'));
      await writeFile(file, await readFile(join(REPO_ROOT, 'examples', 'greet', 'project.json')));
      expect((await t.api('open', { path: file })).status).toBe(200);
      const list = ((await t.api('recent')).json as { projects: RecentProject[] }).projects;
      expect(list[0]).toMatchObject({ path: file, name: 'Greet', missing: false });
      expect(JSON.parse(await readFile(join(t.dataDir, RECENT_FILE), 'utf8'))).toMatchObject({ projects: [{ path: file }] });
      const forgotten = ((await t.api('recent/forget', { path: file })).json as { projects: RecentProject[] }).projects;
      expect(forgotten).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('appDataDir', () => {
  it('follows DEMO_DESKTOP_DATA, then XDG_DATA_HOME, then the platform default', () => {
    expect(appDataDir({ DEMO_DESKTOP_DATA: '/d' }, 'linux', '/home/u')).toBe('/d');
    expect(appDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/demo-desktop');
    expect(appDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.local/share/demo-desktop');
    expect(appDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/demo-desktop');
    expect(appDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/demo-desktop');
    expect(appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\demo-desktop',
    );
  });
});

describe('templates and the model cache', () => {
  it('lists every example with its name and description, and whether it works offline', async () => {
    const cacheDir = join(work.path, 'cache');
    await mkdir(cacheDir, { recursive: true });
    const examples = (await readdir(join(REPO_ROOT, 'examples'))).sort();
    const templates = await listTemplates({ cacheDir });
    expect(templates.map((template) => template.id)).toEqual(examples);
    const greet = JSON.parse(await readFile(join(REPO_ROOT, 'examples', 'greet', 'project.json'), 'utf8')) as {
      name: string;
      description: string;
    };
    expect(templates.find((template) => template.id === 'greet')).toEqual({
      id: 'greet',
      name: greet.name,
      description: greet.description,
      offline: true,
    });
    const offline = Object.fromEntries(templates.map((template) => [template.id, template.offline]));
    expect(offline).toMatchObject({ sentiment: true, ocr: true, summarize: false, 'two-models': false });
    await mkdir(join(cacheDir, 'Xenova', 't5-small'), { recursive: true });
    expect((await listTemplates({ cacheDir })).find((template) => template.id === 'summarize')?.offline).toBe(true);
  });

  it('lists the cached Hub models with their files and bytes', async () => {
    const cacheDir = join(work.path, 'models-cache');
    await mkdir(join(cacheDir, 'Xenova', 't5-small', 'onnx'), { recursive: true });
    await writeFile(join(cacheDir, 'Xenova', 't5-small', 'config.json'), '{}');
    await writeFile(join(cacheDir, 'Xenova', 't5-small', 'onnx', 'model.onnx'), Buffer.alloc(1000));
    await mkdir(join(cacheDir, 'gpt2'), { recursive: true });
    await writeFile(join(cacheDir, 'gpt2', 'config.json'), '{"a":1}');
    expect(await listCachedModels(cacheDir)).toEqual([
      { id: 'gpt2', files: 1, bytes: 7 },
      { id: 'Xenova/t5-small', files: 2, bytes: 1002 },
    ]);
    expect(await listCachedModels(join(work.path, 'none'))).toEqual([]);
  });
});
