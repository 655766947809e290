import { describe, expect, it, vi } from 'vitest';
import { buildMenuModel } from '../../main/shell-policy/menu-model.js';

interface Template {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  accelerator?: string;
  click?: () => void;
  submenu?: Template[];
}

const applied: Template[][] = [];
vi.mock('electron', () => ({
  Menu: {
    buildFromTemplate: (template: Template[]) => template,
    setApplicationMenu: (menu: Template[]) => applied.push(menu),
  },
}));

const { applyMenu } = await import('../../main/shell/menu.js');

describe('applyMenu', () => {
  it('builds the Electron menu from the model: roles as roles, commands call back with their command', () => {
    const run = vi.fn();
    const model = buildMenuModel({
      platform: 'linux',
      packaged: true,
      appName: 'demo-desktop',
      recent: [{ path: '/p/a/project.json', name: 'A', missing: false }],
      focused: { kind: 'project', key: '/p/a/project.json' },
    });
    applyMenu(model, run);
    const [menu] = applied;
    const file = menu?.find((item) => item.label === 'File')?.submenu ?? [];
    expect(file.find((item) => item.label === 'Open…')).toMatchObject({ accelerator: 'CmdOrCtrl+O', enabled: true });
    expect(file.find((item) => item.role === 'close')).toEqual({ role: 'close', label: 'Close Window' });
    expect(file.filter((item) => item.type === 'separator').length).toBeGreaterThan(0);
    file.find((item) => item.label === 'Edit Project')?.click?.();
    file.find((item) => item.label === 'Open Recent')?.submenu?.[0]?.click?.();
    expect(run.mock.calls).toEqual([
      [{ type: 'edit-project', path: '/p/a/project.json' }],
      [{ type: 'open-recent', path: '/p/a/project.json' }],
    ]);
    expect(menu?.find((item) => item.label === 'Window')).toMatchObject({ role: 'windowMenu' });
  });
});
