import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShellArgs } from '../../main/shell-policy/argv.js';

const cwd = path.resolve('/home/ada/demos');
const dev = { packaged: false, cwd };
const packaged = { packaged: true, cwd };

describe('parseShellArgs', () => {
  it('reads `open <file>` after electron and the entry script (what `demo-desktop open` runs)', () => {
    expect(parseShellArgs(['/x/electron', '/app/dist/main/index.js', 'open', '/p/project.json'], dev)).toEqual({
      kind: 'open',
      projectFile: path.resolve('/p/project.json'),
    });
  });

  it('reads `open <file>` and a bare project file from the packaged executable', () => {
    expect(parseShellArgs(['demo-desktop.exe', 'open', 'sentiment/project.json'], packaged)).toEqual({
      kind: 'open',
      projectFile: path.join(cwd, 'sentiment/project.json'),
    });
    expect(parseShellArgs(['demo-desktop', 'Project.JSON'], packaged)).toEqual({
      kind: 'open',
      projectFile: path.join(cwd, 'Project.JSON'),
    });
  });

  it('ignores Chromium and Node switches anywhere', () => {
    expect(
      parseShellArgs(['electron', 'index.js', '--no-sandbox', 'open', '--inspect=9229', 'a/project.json', '--enable-logging'], dev),
    ).toEqual({ kind: 'open', projectFile: path.join(cwd, 'a/project.json') });
  });

  it('is "none" without arguments, so the shell asks with a dialog', () => {
    expect(parseShellArgs(['electron', 'index.js'], dev)).toEqual({ kind: 'none' });
    expect(parseShellArgs(['demo-desktop'], packaged)).toEqual({ kind: 'none' });
    expect(parseShellArgs(['demo-desktop', '--allow-file-access-from-files'], packaged)).toEqual({ kind: 'none' });
  });

  it('explains what is wrong with other arguments', () => {
    expect(parseShellArgs(['demo-desktop', 'open'], packaged)).toEqual({
      kind: 'error',
      message: 'open needs a project file, e.g. open project.json',
    });
    expect(parseShellArgs(['demo-desktop', 'open', 'a.json', 'b.json'], packaged)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('unexpected: b.json'),
    });
    expect(parseShellArgs(['demo-desktop', 'serve', 'a.json'], packaged)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('expected: open <project.json>'),
    });
  });
});
