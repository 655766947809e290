import { describe, expect, it } from 'vitest';
import { appWindowArgs, sandboxUnsupported } from '../../main/app-window/app-window-args.js';
import { chooseWindow, describeChoice } from '../../main/app-window/window-choice.js';

const chromium = { name: 'Chromium', path: '/usr/bin/chromium', source: 'search' as const };
const nothing = { lookedFor: ['chromium', 'chromium-browser'] };

describe('chooseWindow', () => {
  it('Linux without a display prints the URL, even with a browser installed', () => {
    const choice = chooseWindow({ platform: 'linux', env: {}, search: { browser: chromium, lookedFor: ['chromium'] }, hasOpener: true });
    expect(choice).toEqual({ kind: 'printed', reason: 'no display (DISPLAY and WAYLAND_DISPLAY are unset)' });
    expect(describeChoice(choice)).toBe('none, the URL is printed: no display (DISPLAY and WAYLAND_DISPLAY are unset)');
  });

  it('an app window when a display and a Chromium-family browser are there (Wayland counts; macOS and Windows always have a display)', () => {
    const search = { browser: chromium, lookedFor: ['chromium'] };
    expect(chooseWindow({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, search, hasOpener: false }).kind).toBe('app-window');
    expect(chooseWindow({ platform: 'darwin', env: {}, search, hasOpener: true }).kind).toBe('app-window');
    const choice = chooseWindow({
      platform: 'win32',
      env: {},
      search: { ...search, envProblem: 'DEMO_DESKTOP_BROWSER=x was not found' },
      hasOpener: true,
    });
    expect(describeChoice(choice)).toBe('an app window of Chromium (/usr/bin/chromium); DEMO_DESKTOP_BROWSER=x was not found');
  });

  it('the default browser when no Chromium-family browser is installed, saying where it looked; the URL when nothing opens one', () => {
    const browser = chooseWindow({ platform: 'linux', env: { DISPLAY: ':0' }, search: nothing, hasOpener: true });
    expect(browser).toEqual({
      kind: 'browser',
      reason: 'no Chromium-family browser found (looked for chromium, chromium-browser on PATH)',
    });
    expect(describeChoice(browser)).toMatch(/^your default browser: no Chromium-family browser found/);
    const printed = chooseWindow({ platform: 'linux', env: { DISPLAY: ':0' }, search: nothing, hasOpener: false });
    expect(printed).toEqual({
      kind: 'printed',
      reason:
        'no Chromium-family browser found (looked for chromium, chromium-browser on PATH), and no xdg-open to open the default browser',
    });
  });
});

describe('appWindowArgs', () => {
  it('an app window with its own profile, no first-run or default-browser prompts, a size; --no-sandbox only when asked', () => {
    expect(appWindowArgs({ url: 'http://127.0.0.1:7860/', profileDir: '/d/app-windows/ab12' })).toEqual([
      '--app=http://127.0.0.1:7860/',
      '--user-data-dir=/d/app-windows/ab12',
      '--no-first-run',
      '--no-default-browser-check',
      '--window-size=1200,800',
    ]);
    expect(appWindowArgs({ url: 'u', profileDir: 'p', size: { width: 640, height: 480 }, noSandbox: true }).slice(-2)).toEqual([
      '--window-size=640,480',
      '--no-sandbox',
    ]);
  });

  it('turns the sandbox off only for root on Linux', () => {
    expect(sandboxUnsupported('linux', 0)).toBe(true);
    expect(sandboxUnsupported('linux', 1000)).toBe(false);
    expect(sandboxUnsupported('darwin', 0)).toBe(false);
    expect(sandboxUnsupported('win32', undefined)).toBe(false);
  });
});
