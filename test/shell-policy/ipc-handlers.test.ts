import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appInfo } from '../../main/shell-policy/app-info.js';
import { createIpcHandlers, isKnownPath, type IpcServices } from '../../main/shell-policy/ipc-handlers.js';

const recentFile = path.resolve('/home/ada/demos/sentiment/project.json');
const openFile = path.resolve('/home/ada/demos/ocr/project.json');
const caller = { windowKey: 'home' };

function services(overrides: Partial<IpcServices> = {}): IpcServices & { revealed: string[]; opened: [string, string][] } {
  const revealed: string[] = [];
  const opened: [string, string][] = [];
  return {
    revealed,
    opened,
    appInfo: () => appInfo({ version: '1', platform: 'linux', packaged: false, versions: {} }),
    showOpenDialog: () => Promise.resolve(null),
    showSaveDialog: () => Promise.resolve(null),
    openProject: (file, openIn) => {
      opened.push([file, openIn]);
      return Promise.resolve();
    },
    revealInFolder: (file) => revealed.push(file),
    recentProjects: () => Promise.resolve([{ path: recentFile, name: 'Sentiment', openedAt: '2025-01-01T00:00:00.000Z', missing: false }]),
    openProjectPaths: () => [openFile],
    machineInfo: () => Promise.reject(new Error('not used')),
    ...overrides,
  };
}

describe('IPC handlers', () => {
  it('opens the file the user picked, where the page asked (run or edit), and nothing when they cancelled', async () => {
    const picked = path.resolve('/home/ada/new/project.json');
    const showOpenDialog = vi.fn().mockResolvedValueOnce(picked).mockResolvedValueOnce(null);
    const s = services({ showOpenDialog });
    const handlers = createIpcHandlers(s);
    expect(await handlers['project:open-dialog']({ openIn: 'edit' }, caller)).toEqual({ file: picked });
    expect(await handlers['project:open-dialog']({ openIn: 'run' }, caller)).toEqual({ file: null });
    expect(s.opened).toEqual([[picked, 'edit']]);
    expect(showOpenDialog).toHaveBeenCalledWith('home');
  });

  it('reveals recent and open projects only, never a path the page made up', async () => {
    const s = services();
    const handlers = createIpcHandlers(s);
    expect(await handlers['project:reveal']({ path: recentFile }, caller)).toEqual({ revealed: true });
    expect(await handlers['project:reveal']({ path: openFile }, caller)).toEqual({ revealed: true });
    for (const file of ['/etc/passwd', path.resolve('/home/ada/demos/sentiment/model.onnx'), 'sentiment/project.json', `${recentFile}\0`]) {
      await expect(handlers['project:reveal']({ path: file }, caller), file).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('not a project the app knows'),
      });
    }
    expect(s.revealed).toEqual([recentFile, openFile]);
  });

  it("remembers the dialogs' answers, so a project just saved can be revealed", async () => {
    const saved = path.resolve('/home/ada/new/demo.demo.json');
    const s = services({ showSaveDialog: () => Promise.resolve(saved) });
    const handlers = createIpcHandlers(s);
    await expect(handlers['project:reveal']({ path: saved }, caller)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await handlers['project:save-dialog']({ suggestedName: 'demo.demo.json' }, caller)).toEqual({ file: saved });
    expect(await handlers['project:reveal']({ path: saved }, caller)).toEqual({ revealed: true });
  });

  it('lists recent projects and passes machine info through', async () => {
    const machine = {
      platform: 'linux',
      arch: 'x64',
      cpu: { model: 'CPU', cores: 4 },
      memory: { totalBytes: 1, freeBytes: 1 },
      gpus: [],
      providers: [],
      notes: [],
    };
    const handlers = createIpcHandlers(services({ machineInfo: () => Promise.resolve(machine) }));
    expect(await handlers['recent:list'](undefined, caller)).toEqual({ projects: [expect.objectContaining({ path: recentFile })] });
    expect(await handlers['machine:get-devices'](undefined, caller)).toBe(machine);
  });

  it('isKnownPath compares normalized absolute paths only', () => {
    expect(isKnownPath(`${path.dirname(recentFile)}/./project.json`, [recentFile])).toBe(true);
    expect(isKnownPath('project.json', [path.resolve('project.json')])).toBe(false);
  });
});
