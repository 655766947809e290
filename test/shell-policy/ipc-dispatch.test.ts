import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { appInfo } from '../../main/shell-policy/app-info.js';
import { dispatchIpc, type IpcHandlers, type IpcSender } from '../../main/shell-policy/ipc-dispatch.js';
import { IPC_CHANNELS, isIpcChannel, type IpcChannel } from '../../preload/shared/ipc-contract.js';

const origin = 'http://127.0.0.1:53124';
const home: IpcSender = { frameUrl: `${origin}/home`, isTopFrame: true, window: { key: 'home', origin } };
const info = appInfo({ version: '1.2.3', platform: 'linux', packaged: false, versions: { node: '20.19.0' } });

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  return {
    'app:get-info': () => Promise.resolve(info),
    'project:open-dialog': () => Promise.resolve({ file: null }),
    'project:save-dialog': () => Promise.resolve({ file: null }),
    'project:reveal': () => Promise.resolve({ revealed: true }),
    'recent:list': () => Promise.resolve({ projects: [] }),
    'machine:get-devices': () =>
      Promise.resolve({
        platform: 'linux',
        arch: 'x64',
        cpu: { model: 'Test CPU', cores: 2 },
        memory: { totalBytes: 8e9, freeBytes: 4e9 },
        gpus: [],
        providers: [{ name: 'cpu', usable: true, reason: 'always' }],
        notes: [],
      }),
    ...overrides,
  };
}

describe('IPC contract', () => {
  it('lists its channels', () => {
    expect(IPC_CHANNELS).toEqual([
      'app:get-info',
      'project:open-dialog',
      'project:save-dialog',
      'project:reveal',
      'recent:list',
      'machine:get-devices',
    ]);
    expect(isIpcChannel('app:get-info')).toBe(true);
    expect(isIpcChannel('toString')).toBe(false);
    expect(isIpcChannel(42)).toBe(false);
  });
});

describe('dispatchIpc', () => {
  it('answers a valid call from the top frame of an app window, telling the handler which window', async () => {
    const spy = vi.fn(() => Promise.resolve({ file: '/p/project.json' }));
    const response = await dispatchIpc(
      { channel: 'project:save-dialog', sender: home, params: { suggestedName: 'project.json' } },
      handlers({ 'project:save-dialog': spy }),
    );
    expect(response).toEqual({ ok: true, value: { file: '/p/project.json' } });
    expect(spy).toHaveBeenCalledWith({ suggestedName: 'project.json' }, { windowKey: 'home' });
    expect(await dispatchIpc({ channel: 'app:get-info', sender: home, params: undefined }, handlers())).toEqual({ ok: true, value: info });
  });

  it('refuses other senders without running the handler: subframes, foreign pages, windows that are not ours, closed frames', async () => {
    const spy = vi.fn(() => Promise.resolve({ file: null }));
    const senders: IpcSender[] = [
      // The editor's live preview (another loopback port) framed in the editor window.
      { frameUrl: 'http://127.0.0.1:53125/', isTopFrame: false, window: { key: 'editor', origin } },
      // A same-origin frame is still not the top frame.
      { frameUrl: `${origin}/x`, isTopFrame: false, window: { key: 'home', origin } },
      // The window was made to show another page (navigation guards failed, or a redirect).
      { frameUrl: 'https://evil.example/', isTopFrame: true, window: { key: 'home', origin } },
      { frameUrl: 'http://127.0.0.1:1/', isTopFrame: true, window: { key: 'home', origin } },
      { frameUrl: 'file:///x.html', isTopFrame: true, window: { key: 'home', origin: 'null' } },
      // A web contents that is not one of the registry's windows (devtools, a stray view).
      { frameUrl: `${origin}/`, isTopFrame: true, window: undefined },
      { frameUrl: undefined, isTopFrame: true, window: { key: 'home', origin } },
    ];
    for (const sender of senders) {
      const response = await dispatchIpc(
        { channel: 'project:open-dialog', sender, params: { openIn: 'run' } },
        handlers({ 'project:open-dialog': spy }),
      );
      expect(response, JSON.stringify(sender)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining('refused') },
      });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates params against the contract', async () => {
    const bad: { channel: IpcChannel; params: unknown }[] = [
      { channel: 'project:open-dialog', params: { openIn: 'run', file: '/etc/passwd' } },
      { channel: 'project:open-dialog', params: undefined },
      { channel: 'project:save-dialog', params: { suggestedName: '../../.bashrc' } },
      { channel: 'project:save-dialog', params: { suggestedName: 'a\\b.json' } },
      { channel: 'project:save-dialog', params: { suggestedName: 'x\n.json' } },
      { channel: 'project:reveal', params: { path: '' } },
      { channel: 'project:reveal', params: '/etc/passwd' },
      { channel: 'recent:list', params: { all: true } },
    ];
    for (const { channel, params } of bad) {
      const response = await dispatchIpc({ channel, sender: home, params }, handlers());
      expect(response, `${channel} ${JSON.stringify(params)}`).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining('invalid params') },
      });
    }
  });

  it('passes AppErrors on with their code, hides other errors and reports them', async () => {
    const failing = handlers({
      'project:open-dialog': () => Promise.reject(new AppError('INVALID_PROJECT', 'project.json is not a valid project')),
      'app:get-info': () => Promise.reject(new Error('secret internals at /home/ada')),
    });
    expect(await dispatchIpc({ channel: 'project:open-dialog', sender: home, params: { openIn: 'edit' } }, failing)).toEqual({
      ok: false,
      error: { code: 'INVALID_PROJECT', message: 'project.json is not a valid project' },
    });
    const report = vi.fn();
    const hidden = await dispatchIpc({ channel: 'app:get-info', sender: home, params: undefined }, failing, report);
    expect(hidden).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'app:get-info failed unexpectedly; see the app log.' } });
    expect(report).toHaveBeenCalledWith('app:get-info', expect.any(Error));
  });

  it('checks the handler result too', async () => {
    const broken = handlers({ 'project:open-dialog': () => Promise.resolve({ file: 42 } as unknown as { file: null }) });
    expect(await dispatchIpc({ channel: 'project:open-dialog', sender: home, params: { openIn: 'run' } }, broken)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('folds unknown platforms into "other" and reports the runtime versions', () => {
    expect(appInfo({ version: '1', platform: 'freebsd', packaged: true, versions: {} })).toEqual({
      version: '1',
      platform: 'other',
      packaged: true,
      versions: { electron: '', chrome: '', node: '' },
    });
    expect(
      appInfo({ version: '1', platform: 'darwin', packaged: false, versions: { electron: '39.5.0', chrome: '142', node: '22' } }),
    ).toMatchObject({
      platform: 'darwin',
      versions: { electron: '39.5.0', chrome: '142', node: '22' },
    });
  });
});
