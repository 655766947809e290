import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { WindowStateStore } from '../../main/shell-policy/window-state.js';

/**
 * The Electron WindowHost against a stand-in for Electron's BrowserWindow and screen (Electron
 * cannot run here): one window per key, focus instead of a second window, the saved state used
 * for placement, closed windows reported to the desk once.
 */
class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  static nextId = 1;
  readonly webContents = { id: FakeWindow.nextId++, send: vi.fn() };
  readonly loaded: string[] = [];
  focused = 0;
  maximized = false;
  destroyed = false;
  constructor(
    readonly options: { x: number; y: number; width: number; height: number; title: string; webPreferences: { sandbox: boolean } },
  ) {
    super();
    FakeWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  isFullScreen(): boolean {
    return false;
  }
  isFocused(): boolean {
    return this.focused > 0;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  restore(): void {}
  show(): void {}
  focus(): void {
    this.focused += 1;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    const { x, y, width, height } = this.options;
    return { x, y, width, height };
  }
  /** What the user closing the window looks like to the app. */
  userClose(): void {
    this.emit('close');
    this.destroyed = true;
    this.emit('closed');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  screen: { getAllDisplays: () => [{ workArea }], getPrimaryDisplay: () => ({ workArea }) },
  shell: { openExternal: () => Promise.resolve() },
}));

const { ElectronWindowHost } = await import('../../main/shell/electron-window-host.js');

describe('ElectronWindowHost', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'window-host-'));
    FakeWindow.created = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('opens one sandboxed window per key and focuses it when shown again', async () => {
    const shown: string[] = [];
    const host = new ElectronWindowHost('/app/preload.cjs', new WindowStateStore(dir), silentLogger, {
      changed: () => undefined,
      projectShown: (file) => shown.push(file),
    });
    const request = { key: '/p/a/project.json', kind: 'project' as const, url: 'http://127.0.0.1:40001/', title: 'a' };
    expect(await host.show(request)).toBe('electron');
    expect(await host.show(request)).toBe('electron');
    await host.show({ key: 'home', kind: 'home', url: 'http://127.0.0.1:40000/home?token=x', title: 'demo-desktop' });
    expect(FakeWindow.created).toHaveLength(2);
    const [project] = FakeWindow.created;
    expect(project?.options.webPreferences.sandbox).toBe(true);
    expect(project?.loaded).toEqual(['http://127.0.0.1:40001/']);
    expect(project?.focused).toBe(1);
    expect(shown).toEqual(['/p/a/project.json']);
    expect(host.cspModes()).toEqual(
      new Map([
        ['http://127.0.0.1:40001', 'replace'],
        ['http://127.0.0.1:40000', 'ensure'],
      ]),
    );
    expect(host.entryFor(project?.webContents as never)?.key).toBe('/p/a/project.json');
  });

  it('makes one window when the same key is shown twice at once', async () => {
    const host = new ElectronWindowHost('/p.cjs', new WindowStateStore(dir), silentLogger);
    const request = { key: 'home', kind: 'home' as const, url: 'http://127.0.0.1:40000/home', title: 'demo-desktop' };
    await Promise.all([host.show(request), host.show(request)]);
    expect(FakeWindow.created).toHaveLength(1);
  });

  it('reports a closed window once, forgets it, and reopens it where it was', async () => {
    const states = new WindowStateStore(dir);
    await states.save('home', { x: 100, y: 50, width: 900, height: 700, maximized: true });
    const host = new ElectronWindowHost('/p.cjs', states, silentLogger);
    const closed: string[] = [];
    host.onClosed((key) => closed.push(key));
    const request = { key: 'home', kind: 'home' as const, url: 'http://127.0.0.1:40000/home', title: 'demo-desktop' };
    await host.show(request);
    const first = FakeWindow.created[0];
    expect(first?.options).toMatchObject({ x: 100, y: 50, width: 900, height: 700 });
    expect(first?.maximized).toBe(true);
    first?.userClose();
    expect(closed).toEqual(['home']);
    expect(host.registry.get('home')).toBeUndefined();
    await host.show(request);
    expect(FakeWindow.created).toHaveLength(2);
    await host.close();
    expect(closed).toEqual(['home', 'home']);
    expect(FakeWindow.created.every((w) => w.destroyed)).toBe(true);
  });
});
