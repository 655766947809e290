import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../main/project/load.js';
import { ProjectValidationError, type ProjectIssue } from '../../preload/shared/project/validation-error.js';
import { TINY_DIR } from '../runtimes/support.js';

/** Model and module paths must stay in the project folder (real paths), unless the user allows otherwise. */

const onnx = {
  runtime: 'onnx',
  inputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
  outputs: [{ name: 'y', dtype: 'float32', shape: [1] }],
};

describe('paths outside the project folder', () => {
  let root: string;
  let project: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'demo-desktop-paths-'));
    project = path.join(root, 'project');
    await mkdir(path.join(root, 'elsewhere', 'model'), { recursive: true });
    await mkdir(path.join(project, 'model'), { recursive: true });
    await writeFile(path.join(root, 'elsewhere', 'f.js'), 'export default (x) => x;\n');
    await writeFile(path.join(project, 'f.js'), 'export default (x) => x;\n');
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  const write = async (models: Record<string, unknown>, functions: Record<string, unknown>): Promise<string> => {
    const file = path.join(project, 'project.json');
    const ui = { type: 'interface', fn: Object.keys(functions)[0], inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] };
    await writeFile(file, JSON.stringify({ version: 1, name: 'Paths', models, functions, ui }));
    return file;
  };
  const issuesOf = async (file: string, allowOutsideProject?: boolean): Promise<readonly ProjectIssue[]> => {
    const error: unknown = await loadProject(file, allowOutsideProject ? { allowOutsideProject } : {}).catch((e: unknown) => e);
    if (!(error instanceof ProjectValidationError)) throw new Error(`expected a ProjectValidationError, got ${String(error)}`);
    return error.issues;
  };
  const leaves = (where: string, via = ''): string =>
    `leaves the project folder ${where}${via}; move it into the project folder, or allow paths outside it with --allow-outside-project`;

  it('refuses ../ modules, absolute model paths and symbolic links that lead out; --allow-outside-project accepts them', async () => {
    await symlink(path.join(root, 'elsewhere', 'model'), path.join(project, 'linked'));
    const file = await write(
      {
        absolute: { ...onnx, source: { path: path.join(root, 'elsewhere', 'model') } },
        linked: { ...onnx, source: { path: './linked' } },
        inside: { ...onnx, source: { path: './model' } },
      },
      { up: { kind: 'js', module: '../elsewhere/f.js' }, here: { kind: 'js', module: './f.js' } },
    );
    expect(await issuesOf(file)).toEqual([
      { path: '$.functions.up.module', message: leaves(project), value: '../elsewhere/f.js' },
      { path: '$.models.absolute.source.path', message: leaves(project), value: path.join(root, 'elsewhere', 'model') },
      {
        path: '$.models.linked.source.path',
        message: leaves(project, ` (through a symbolic link: it is ${path.join(root, 'elsewhere', 'model')})`),
        value: './linked',
      },
    ]);
    await expect(loadProject(file, { allowOutsideProject: true })).resolves.toMatchObject({ file });
  });

  it("trusts the models that ship with demo-desktop (the examples' tiny models)", async () => {
    const file = await write(
      { sentiment: { runtime: 'transformers', task: 'text-classification', source: { path: path.join(TINY_DIR, 'sentiment') } } },
      { classify: { kind: 'model', model: 'sentiment' } },
    );
    await expect(loadProject(file)).resolves.toMatchObject({ file });
  });

  it('keeps model files and Hub cache folders inside their folders, even when outside paths are allowed', async () => {
    const file = await write(
      {
        local: { ...onnx, source: { path: './model' }, file: '../../secret.onnx' },
        hub: { ...onnx, source: { hub: '../..', revision: '../../../home' } },
      },
      { here: { kind: 'js', module: './f.js' } },
    );
    expect(await issuesOf(file, true)).toEqual([
      { path: '$.models.hub.source.hub', message: expect.stringMatching(/^may not contain "\." or "\.\." parts/), value: '../..' },
      {
        path: '$.models.hub.source.revision',
        message: expect.stringMatching(/it names a folder of the model cache$/),
        value: '../../../home',
      },
      {
        path: '$.models.local.file',
        message: expect.stringMatching(/^must be a relative path inside the model's folder/),
        value: '../../secret.onnx',
      },
    ]);
  });

  it('refuses a module that is a folder (it would fail only when a run imports it)', async () => {
    await mkdir(path.join(project, 'fns.js'));
    const file = await write({}, { f: { kind: 'js', module: './fns.js' } });
    expect(await issuesOf(file)).toEqual([
      {
        path: '$.functions.f.module',
        message: `is a folder (${path.join(await realpath(project), 'fns.js')}), not a JS module: name its .js or .mjs file`,
        value: './fns.js',
      },
    ]);
  });
});
