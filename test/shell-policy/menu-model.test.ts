import { describe, expect, it } from 'vitest';
import { HELP_PAGES, MAX_RECENT_IN_MENU, buildMenuModel, type MenuItemModel, type MenuState } from '../../main/shell-policy/menu-model.js';

const state: MenuState = {
  platform: 'linux',
  packaged: true,
  appName: 'demo-desktop',
  recent: [
    { path: '/p/sentiment/project.json', name: 'Sentiment', missing: false },
    { path: '/p/gone/project.json', name: 'Gone', missing: true },
    { path: '/p/ocr/project.json', name: 'OCR', missing: false },
  ],
  focused: { kind: 'project', key: '/p/sentiment/project.json' },
};

function submenu(items: readonly MenuItemModel[], label: string): readonly MenuItemModel[] {
  const found = items.find((item) => item.kind === 'submenu' && item.label === label);
  if (found?.kind !== 'submenu') throw new Error(`no ${label} menu`);
  return found.items;
}

/** A readable outline: command labels, roles, '-' for separators. */
function outline(items: readonly MenuItemModel[]): string[] {
  return items.map((item) => {
    switch (item.kind) {
      case 'command':
        return item.enabled ? item.label : `(${item.label})`;
      case 'role':
        return `role:${item.role}`;
      case 'submenu':
        return `${item.label} >`;
      case 'separator':
        return '-';
    }
  });
}

describe('buildMenuModel', () => {
  it('has File, Edit, View, Window and Help (and the app menu on macOS)', () => {
    expect(buildMenuModel(state).map((m) => (m.kind === 'submenu' ? m.label : m.kind))).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(buildMenuModel({ ...state, platform: 'darwin' }).map((m) => (m.kind === 'submenu' ? m.label : m.kind))).toEqual([
      'demo-desktop',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
  });

  it('File: New, Open, Open Recent, Save, Edit Project, Close Window, Quit (Quit in the app menu on macOS)', () => {
    const file = submenu(buildMenuModel(state), 'File');
    expect(outline(file)).toEqual([
      'New Project…',
      'Open…',
      'Open Recent >',
      'Home',
      '-',
      '(Save)',
      'Edit Project',
      '-',
      'role:close',
      '-',
      'role:quit',
    ]);
    const mac = buildMenuModel({ ...state, platform: 'darwin' });
    expect(outline(submenu(mac, 'File'))).not.toContain('role:quit');
    expect(outline(submenu(mac, 'demo-desktop'))).toContain('role:quit');
  });

  it('Edit Project opens the editor on the focused project; Save goes to a focused editor', () => {
    const file = submenu(buildMenuModel(state), 'File');
    expect(file.find((i) => i.kind === 'command' && i.label === 'Edit Project')).toMatchObject({
      command: { type: 'edit-project', path: '/p/sentiment/project.json' },
      enabled: true,
    });
    const inEditor = submenu(buildMenuModel({ ...state, focused: { kind: 'editor', key: 'editor' } }), 'File');
    expect(outline(inEditor)).toEqual(expect.arrayContaining(['Save', '(Edit Project)']));
    expect(outline(submenu(buildMenuModel({ ...state, focused: undefined }), 'File'))).toEqual(
      expect.arrayContaining(['(Save)', '(Edit Project)']),
    );
  });

  it('Open Recent lists the recent projects that still exist, at most ten', () => {
    const recent = submenu(submenu(buildMenuModel(state), 'File'), 'Open Recent');
    expect(recent).toEqual([
      expect.objectContaining({
        label: 'Sentiment — /p/sentiment/project.json',
        command: { type: 'open-recent', path: '/p/sentiment/project.json' },
      }),
      expect.objectContaining({ label: 'OCR — /p/ocr/project.json', command: { type: 'open-recent', path: '/p/ocr/project.json' } }),
    ]);
    const many = Array.from({ length: 15 }, (_, n) => ({ path: `/p/${n}/project.json`, name: `P${n}`, missing: false }));
    expect(submenu(submenu(buildMenuModel({ ...state, recent: many }), 'File'), 'Open Recent')).toHaveLength(MAX_RECENT_IN_MENU);
    expect(outline(submenu(submenu(buildMenuModel({ ...state, recent: [] }), 'File'), 'Open Recent'))).toEqual(['(No Recent Projects)']);
  });

  it('View: reload and developer tools only when not packaged; zoom and fullscreen always', () => {
    expect(outline(submenu(buildMenuModel(state), 'View'))).toEqual([
      'role:resetZoom',
      'role:zoomIn',
      'role:zoomOut',
      '-',
      'role:togglefullscreen',
    ]);
    expect(outline(submenu(buildMenuModel({ ...state, packaged: false }), 'View'))).toEqual([
      'role:reload',
      'role:forceReload',
      'role:toggleDevTools',
      '-',
      'role:resetZoom',
      'role:zoomIn',
      'role:zoomOut',
      '-',
      'role:togglefullscreen',
    ]);
  });

  it('Edit has the standard roles; Help links the documentation pages', () => {
    expect(outline(submenu(buildMenuModel(state), 'Edit'))).toEqual([
      'role:undo',
      'role:redo',
      '-',
      'role:cut',
      'role:copy',
      'role:paste',
      'role:delete',
      '-',
      'role:selectAll',
    ]);
    expect(submenu(buildMenuModel(state), 'Help')).toEqual(
      HELP_PAGES.map((page) => ({ kind: 'command', label: page.label, command: { type: 'open-docs', page: page.page }, enabled: true })),
    );
    expect(HELP_PAGES.map((page) => page.page)).toContain('docs/desktop-shell.md');
  });
});
