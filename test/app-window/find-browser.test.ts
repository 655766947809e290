import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserName, findChromiumBrowser, type BrowserLookup } from '../../main/app-window/find-browser.js';
import { whichIn } from '../../main/app-window/system-lookup.js';
import { tempDir } from '../runtimes/support.js';

/** A machine with exactly these PATH commands and files. */
function machine(
  platform: NodeJS.Platform,
  options: { commands?: Record<string, string>; files?: string[]; env?: NodeJS.ProcessEnv; home?: string } = {},
): BrowserLookup {
  const files = new Set(options.files ?? []);
  return {
    platform,
    env: options.env ?? {},
    home: options.home ?? '/home/ada',
    which: (command) => options.commands?.[command],
    exists: (file) => files.has(file),
  };
}

describe('findChromiumBrowser', () => {
  it('Linux: takes the first of chromium, chromium-browser, google-chrome(-stable), microsoft-edge, brave-browser on PATH', () => {
    const search = findChromiumBrowser(
      machine('linux', {
        commands: { 'google-chrome-stable': '/opt/bin/google-chrome-stable', 'brave-browser': '/usr/bin/brave-browser' },
      }),
    );
    expect(search.browser).toEqual({ name: 'Google Chrome', path: '/opt/bin/google-chrome-stable', source: 'search' });
    expect(search.lookedFor).toEqual(['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']);
    expect(findChromiumBrowser(machine('linux', { commands: { 'brave-browser': '/b' } })).browser?.name).toBe('Brave');
    expect(findChromiumBrowser(machine('linux', { commands: { 'microsoft-edge': '/e' } })).browser?.name).toBe('Microsoft Edge');
  });

  it('Linux: says everything it looked for when nothing is installed', () => {
    const search = findChromiumBrowser(machine('linux'));
    expect(search.browser).toBeUndefined();
    expect(search.lookedFor).toEqual([
      'chromium',
      'chromium-browser',
      'google-chrome',
      'google-chrome-stable',
      'microsoft-edge',
      'brave-browser',
    ]);
  });

  it('macOS: the app bundles in /Applications, then ~/Applications', () => {
    const userChrome = '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const search = findChromiumBrowser(machine('darwin', { home: '/Users/ada', files: [userChrome] }));
    expect(search.browser).toEqual({ name: 'Google Chrome', path: userChrome, source: 'search' });
    expect(search.lookedFor.slice(0, 4)).toEqual([
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
    ]);
    const edge = '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findChromiumBrowser(machine('darwin', { files: [edge, userChrome] })).browser?.path).toBe(edge);
  });

  it('Windows: Program Files, Program Files (x86) and the per-user LocalAppData installs', () => {
    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
    };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const userChrome = 'C:\\Users\\ada\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findChromiumBrowser(machine('win32', { env, files: [edge] })).browser).toEqual({
      name: 'Microsoft Edge',
      path: edge,
      source: 'search',
    });
    // Chrome comes before Edge, wherever it is installed.
    expect(findChromiumBrowser(machine('win32', { env, files: [edge, userChrome] })).browser?.path).toBe(userChrome);
    const brave = 'C:\\Users\\ada\\AppData\\Local\\BraveSoftware\\Brave-Browser\\Application\\brave.exe';
    expect(findChromiumBrowser(machine('win32', { env, files: [brave] })).browser?.name).toBe('Brave');
    expect(findChromiumBrowser(machine('win32', { env })).lookedFor).toContain(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  it('DEMO_DESKTOP_BROWSER comes first: a path or a command; a wrong one is reported and the search goes on', () => {
    const lookup = machine('linux', {
      commands: { chromium: '/usr/bin/chromium', vivaldi: '/usr/bin/vivaldi' },
      files: ['/opt/edge/msedge'],
    });
    const byPath = findChromiumBrowser({ ...lookup, env: { DEMO_DESKTOP_BROWSER: '/opt/edge/msedge' } });
    expect(byPath.browser).toEqual({ name: 'Microsoft Edge', path: '/opt/edge/msedge', source: 'env' });
    const byCommand = findChromiumBrowser({ ...lookup, env: { DEMO_DESKTOP_BROWSER: 'vivaldi' } });
    expect(byCommand.browser).toEqual({ name: 'vivaldi', path: '/usr/bin/vivaldi', source: 'env' });
    const missing = findChromiumBrowser({ ...lookup, env: { DEMO_DESKTOP_BROWSER: '/nowhere/chrome' } });
    expect(missing.browser).toEqual({ name: 'Chromium', path: '/usr/bin/chromium', source: 'search' });
    expect(missing.envProblem).toBe('DEMO_DESKTOP_BROWSER=/nowhere/chrome was not found');
    expect(missing.lookedFor[0]).toBe('DEMO_DESKTOP_BROWSER=/nowhere/chrome');
  });

  it('names a browser from its file name', () => {
    expect(browserName('C:\\x\\chrome.exe')).toBe('Google Chrome');
    expect(browserName('/usr/lib/chromium/chromium')).toBe('Chromium');
    expect(browserName('/usr/bin/brave')).toBe('Brave');
  });
});

describe('whichIn (the real PATH lookup)', () => {
  it('finds executables only, in PATH order', async () => {
    const dir = await tempDir('which');
    try {
      const [first, second] = [join(dir.path, 'a'), join(dir.path, 'b')];
      await mkdir(first);
      await mkdir(second);
      await writeFile(join(first, 'browser'), '#!/bin/sh\n');
      await writeFile(join(second, 'browser'), '#!/bin/sh\n');
      await chmod(join(second, 'browser'), 0o755);
      const env = { PATH: `${first}:${second}` };
      expect(whichIn('browser', env, 'linux')).toBe(join(second, 'browser'));
      await chmod(join(first, 'browser'), 0o755);
      expect(whichIn('browser', env, 'linux')).toBe(join(first, 'browser'));
      expect(whichIn('nothing', env, 'linux')).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
