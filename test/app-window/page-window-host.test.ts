import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPageWindowHost } from '../../main/app-window/page-window-host.js';
import type { WindowChoice } from '../../main/app-window/window-choice.js';
import { tempDir, waitFor } from '../runtimes/support.js';
import { writeFakeBrowser, type FakeBrowser } from './fake-browser.js';

let dir: { path: string; remove: () => Promise<void> };
let fake: FakeBrowser;
beforeEach(async () => {
  dir = await tempDir('page-window-host');
  fake = await writeFakeBrowser(dir.path);
});
afterEach(async () => {
  await fake.stopAll();
  await dir.remove();
});

const request = { key: '/p/greet/project.json', kind: 'project' as const, url: 'http://127.0.0.1:7860/', title: 'greet' };

function setup(choice: WindowChoice, opens: boolean) {
  const notices: string[] = [];
  const opened: string[] = [];
  const host = createPageWindowHost({
    choice,
    profilesDir: join(dir.path, 'app-windows'),
    env: { ...process.env, DISPLAY: ':77' },
    onNotice: (line) => notices.push(line),
    openBrowser: (url) => {
      opened.push(url);
      return Promise.resolve(opens ? { opened: true } : { opened: false, reason: 'xdg-open failed: spawn xdg-open ENOENT' });
    },
  });
  return { host, notices, opened };
}

describe('createPageWindowHost: app window, else the default browser, else the printed URL, saying which', () => {
  it('an app window, which reports its closing', async () => {
    const { host, notices, opened } = setup({ kind: 'app-window', browser: { name: 'Chromium', path: fake.path, source: 'env' } }, true);
    expect(host.kind).toBe('app-window');
    const closed: string[] = [];
    host.onClosed((key) => closed.push(key));
    expect(await host.show(request)).toBe('app-window');
    expect(notices).toEqual([`Opened in an app window of Chromium (${fake.path}).`]);
    expect(opened).toEqual([]);
    await waitFor(() => host.appWindows?.openKeys().length === 1, 5_000, 'the window');
    await host.close();
    expect(closed).toEqual([]);
  });

  it('a browser that cannot start falls back to the default browser and says why', async () => {
    const missing = join(dir.path, 'gone', 'chromium');
    const { host, notices, opened } = setup({ kind: 'app-window', browser: { name: 'Chromium', path: missing, source: 'search' } }, true);
    expect(await host.show(request)).toBe('browser');
    expect(opened).toEqual([request.url]);
    expect(notices).toEqual([`Could not start Chromium (${missing}): spawn ${missing} ENOENT: opened in your default browser.`]);
  });

  it('no Chromium-family browser: the default browser, or the URL when that fails too', async () => {
    const reason = 'no Chromium-family browser found (looked for chromium on PATH)';
    const opens = setup({ kind: 'browser', reason }, true);
    expect(await opens.host.show(request)).toBe('browser');
    expect(opens.notices).toEqual(['No Chromium-family browser found (looked for chromium on PATH): opened in your default browser.']);
    const fails = setup({ kind: 'browser', reason }, false);
    expect(await fails.host.show(request)).toBe('printed');
    expect(fails.notices).toEqual([
      `No Chromium-family browser found (looked for chromium on PATH), and the default browser did not open (xdg-open failed: spawn xdg-open ENOENT): open ${request.url} in a browser.`,
    ]);
  });

  it('no display: prints the URL and opens nothing', async () => {
    const { host, notices, opened } = setup({ kind: 'printed', reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset)' }, true);
    expect(await host.show(request)).toBe('printed');
    expect(opened).toEqual([]);
    expect(notices).toEqual([`No display (DISPLAY and WAYLAND_DISPLAY are unset): open ${request.url} in a browser.`]);
  });
});
