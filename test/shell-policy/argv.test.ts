import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDeepLink, parseShellArgs } from '../../main/shell-policy/argv.js';

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

  it('reads `open <file>` and a bare project file (file association) from the packaged executable', () => {
    expect(parseShellArgs(['demo-desktop.exe', 'open', 'sentiment/project.json'], packaged)).toEqual({
      kind: 'open',
      projectFile: path.join(cwd, 'sentiment/project.json'),
    });
    expect(parseShellArgs(['demo-desktop', 'Project.JSON'], packaged)).toEqual({
      kind: 'open',
      projectFile: path.join(cwd, 'Project.JSON'),
    });
    expect(parseShellArgs(['demo-desktop', '/srv/x/ocr.demo.json'], packaged)).toEqual({
      kind: 'open',
      projectFile: path.resolve('/srv/x/ocr.demo.json'),
    });
  });

  it("resolves a second instance's relative path against that instance's working directory", () => {
    const other = path.resolve('/tmp/elsewhere');
    expect(parseShellArgs(['demo-desktop', 'open', '../a/project.json'], { packaged: true, cwd: other })).toEqual({
      kind: 'open',
      projectFile: path.resolve(other, '../a/project.json'),
    });
  });

  it('reads Windows paths with Windows rules, whatever this machine is', () => {
    const win = { packaged: true, cwd: 'C:\\Users\\ada', platform: 'win32' as const };
    expect(parseShellArgs(['demo-desktop.exe', 'D:\\demos\\ocr\\project.json'], win)).toEqual({
      kind: 'open',
      projectFile: 'D:\\demos\\ocr\\project.json',
    });
    expect(parseShellArgs(['demo-desktop.exe', 'open', 'demos\\project.json'], win)).toEqual({
      kind: 'open',
      projectFile: 'C:\\Users\\ada\\demos\\project.json',
    });
  });

  it('reads a file: URL (Linux desktop entries with %u)', () => {
    const file = path.resolve('/home/ada/my demos/project.json');
    expect(parseShellArgs(['demo-desktop', pathToFileURL(file).href], packaged)).toEqual({ kind: 'open', projectFile: file });
    expect(parseShellArgs(['demo-desktop', 'file://server/share/project.json'], { ...packaged, platform: 'linux' })).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('not a file URL of this machine'),
    });
  });

  it('reads a deep link handed over as argv (Windows, Linux)', () => {
    expect(
      parseShellArgs(['demo-desktop', 'demo-desktop://open?path=%2Fhome%2Fada%2Fa%20b%2Fproject.json'], { ...packaged, platform: 'linux' }),
    ).toEqual({
      kind: 'open',
      projectFile: '/home/ada/a b/project.json',
    });
    expect(parseShellArgs(['electron', 'index.js', 'demo-desktop://home'], dev)).toEqual({ kind: 'home' });
  });

  it('ignores Chromium and Node switches anywhere', () => {
    expect(
      parseShellArgs(['electron', 'index.js', '--no-sandbox', 'open', '--inspect=9229', 'a/project.json', '--enable-logging'], dev),
    ).toEqual({ kind: 'open', projectFile: path.join(cwd, 'a/project.json') });
  });

  it('is the home screen without arguments', () => {
    expect(parseShellArgs(['electron', 'index.js'], dev)).toEqual({ kind: 'home' });
    expect(parseShellArgs(['demo-desktop'], packaged)).toEqual({ kind: 'home' });
    expect(parseShellArgs(['demo-desktop', '--allow-file-access-from-files', '--original-process-start-time=1'], packaged)).toEqual({
      kind: 'home',
    });
  });

  it('refuses garbage and says what it expected', () => {
    expect(parseShellArgs(['demo-desktop', 'open'], packaged)).toEqual({
      kind: 'error',
      message: 'open needs a project file, e.g. open project.json',
    });
    expect(parseShellArgs(['demo-desktop', 'open', 'a.json', 'b.json'], packaged)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('unexpected: b.json'),
    });
    for (const argv of [
      ['demo-desktop', 'serve', 'a.json'],
      ['demo-desktop', 'a.json', 'b.json'],
      ['demo-desktop', 'model.onnx'],
      ['demo-desktop', 'https://evil.example/project.json'],
    ]) {
      expect(parseShellArgs(argv, packaged), argv.join(' ')).toMatchObject({
        kind: 'error',
        message: expect.stringContaining('expected: open <project.json>'),
      });
    }
    expect(parseShellArgs(['demo-desktop', 'open', 'smb://host/share/project.json'], packaged)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('not a project file on this machine'),
    });
    expect(parseShellArgs(['demo-desktop', 'open', 'notes.txt'], packaged)).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('is not a project file'),
    });
  });
});

describe('parseDeepLink', () => {
  it('decodes the percent-encoded path of demo-desktop://open?path=', () => {
    expect(parseDeepLink('demo-desktop://open?path=%2Fhome%2Fada%2F%C3%A9t%C3%A9%2Fproject.json', 'linux')).toEqual({
      kind: 'open',
      projectFile: '/home/ada/été/project.json',
    });
    expect(parseDeepLink('demo-desktop:open?path=/srv/x.demo.json', 'linux')).toEqual({ kind: 'open', projectFile: '/srv/x.demo.json' });
    expect(parseDeepLink('DEMO-DESKTOP://OPEN/?path=%2Fsrv%2Fproject.json', 'linux')).toEqual({
      kind: 'open',
      projectFile: '/srv/project.json',
    });
    expect(parseDeepLink('demo-desktop://open?path=C%3A%5Cdemos%5Cproject.json', 'win32')).toEqual({
      kind: 'open',
      projectFile: 'C:\\demos\\project.json',
    });
  });

  it('normalizes the path, so dots cannot smuggle in another name', () => {
    expect(parseDeepLink('demo-desktop://open?path=%2Fa%2Fb%2F..%2Fproject.json', 'linux')).toEqual({
      kind: 'open',
      projectFile: '/a/project.json',
    });
  });

  it('refuses what a web page should not make the app open', () => {
    const cases: [string, NodeJS.Platform, string][] = [
      ['demo-desktop://open?path=project.json', 'linux', 'must be absolute'],
      ['demo-desktop://open?path=..%2Fproject.json', 'linux', 'must be absolute'],
      ['demo-desktop://open?path=%5C%5Cattacker%5Cshare%5Cproject.json', 'win32', 'network path'],
      ['demo-desktop://open?path=%2F%2Fattacker%2Fshare%2Fproject.json', 'linux', 'network path'],
      ['demo-desktop://open?path=%2Fhome%2Fada%2F.config%2Fsettings.json', 'linux', 'only a project.json or a .demo.json'],
      ['demo-desktop://open?path=%2Fetc%2Fpasswd', 'linux', 'only a project.json or a .demo.json'],
      ['demo-desktop://open?path=%2Fa%2Fproject.json%00.txt', 'linux', 'only a project.json'],
      ['demo-desktop://open', 'linux', 'needs ?path='],
      ['demo-desktop://open?path=', 'linux', 'needs ?path='],
      ['demo-desktop://run?path=%2Fa%2Fproject.json', 'linux', 'not a known link'],
      ['demo-desktop://', 'linux', 'not a known link'],
      ['https://example.com/?path=/a/project.json', 'linux', 'not a demo-desktop:// link'],
      ['demo-desktop://op en', 'linux', 'not a valid'],
    ];
    for (const [link, platform, message] of cases) {
      expect(parseDeepLink(link, platform), link).toMatchObject({ kind: 'error', message: expect.stringContaining(message) });
    }
  });
});
