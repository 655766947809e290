import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { appInfo } from '../../main/shell-policy/app-info.js';
import { dispatchIpc, type IpcHandlers } from '../../main/shell-policy/ipc-dispatch.js';
import { IPC_CHANNELS, isIpcChannel } from '../../preload/shared/ipc-contract.js';

const origin = 'http://127.0.0.1:53124';

function handlers(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  return {
    'app:get-info': () => Promise.resolve(appInfo('1.2.3', 'linux', `${origin}/`)),
    'project:open-dialog': () => Promise.resolve({ file: null }),
    ...overrides,
  };
}

describe('IPC contract', () => {
  it('lists its channels', () => {
    expect(IPC_CHANNELS).toEqual(['app:get-info', 'project:open-dialog']);
    expect(isIpcChannel('app:get-info')).toBe(true);
    expect(isIpcChannel('toString')).toBe(false);
    expect(isIpcChannel(42)).toBe(false);
  });
});

describe('dispatchIpc', () => {
  it('answers a valid call from the app page', async () => {
    const response = await dispatchIpc({ channel: 'app:get-info', senderUrl: `${origin}/`, params: undefined }, handlers(), origin);
    expect(response).toEqual({ ok: true, value: { version: '1.2.3', platform: 'linux', serverUrl: `${origin}/` } });
  });

  it('refuses calls from other frames, without running the handler', async () => {
    const spy = vi.fn(() => Promise.resolve({ file: null }));
    for (const senderUrl of ['https://evil.example/', 'http://127.0.0.1:1/', 'file:///x.html', undefined]) {
      const response = await dispatchIpc(
        { channel: 'project:open-dialog', senderUrl, params: undefined },
        handlers({ 'project:open-dialog': spy }),
        origin,
      );
      expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('refused') } });
    }
    expect(spy).not.toHaveBeenCalled();
  });

  it('validates params against the contract', async () => {
    const response = await dispatchIpc(
      { channel: 'project:open-dialog', senderUrl: origin, params: { file: '/etc/passwd' } },
      handlers(),
      origin,
    );
    expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('invalid params') } });
  });

  it('passes AppErrors on with their code, hides other errors and reports them', async () => {
    const failing = handlers({
      'project:open-dialog': () => Promise.reject(new AppError('INVALID_PROJECT', 'project.json is not a valid project')),
      'app:get-info': () => Promise.reject(new Error('secret internals at /home/ada')),
    });
    expect(await dispatchIpc({ channel: 'project:open-dialog', senderUrl: origin, params: undefined }, failing, origin)).toEqual({
      ok: false,
      error: { code: 'INVALID_PROJECT', message: 'project.json is not a valid project' },
    });
    const report = vi.fn();
    const hidden = await dispatchIpc({ channel: 'app:get-info', senderUrl: origin, params: undefined }, failing, origin, report);
    expect(hidden).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'app:get-info failed unexpectedly; see the app log.' } });
    expect(report).toHaveBeenCalledWith('app:get-info', expect.any(Error));
  });

  it('checks the handler result too', async () => {
    const broken = handlers({ 'project:open-dialog': () => Promise.resolve({ file: 42 } as unknown as { file: null }) });
    expect(await dispatchIpc({ channel: 'project:open-dialog', senderUrl: origin, params: undefined }, broken, origin)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('folds unknown platforms into "other"', () => {
    expect(appInfo('1', 'freebsd', '').platform).toBe('other');
    expect(appInfo('1', 'darwin', '').platform).toBe('darwin');
  });
});
