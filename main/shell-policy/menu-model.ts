import type { WindowKind } from '../desk/window-host.js';

/**
 * The native menu as data: what it holds and what each item does, built from the app's state and
 * tested without Electron; main/shell/menu.ts turns it into an Electron Menu. Items are either a
 * command the app carries out (MenuCommand), an Electron role (the OS's own Edit, zoom, window
 * items: they get the platform's labels, shortcuts and behaviour for free), or a separator.
 */

export type MenuCommand =
  | { readonly type: 'new-project' }
  | { readonly type: 'open-project' }
  | { readonly type: 'open-recent'; readonly path: string }
  | { readonly type: 'save' }
  | { readonly type: 'edit-project'; readonly path: string }
  | { readonly type: 'open-home' }
  /** A page of the documentation, repository-relative (docs-link.ts says where it opens). */
  | { readonly type: 'open-docs'; readonly page: string };

/** Electron MenuItem roles the model uses. */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front';

export type MenuItemModel =
  | {
      readonly kind: 'command';
      readonly label: string;
      readonly command: MenuCommand;
      readonly accelerator?: string;
      readonly enabled: boolean;
    }
  | { readonly kind: 'role'; readonly role: MenuRole; readonly label?: string }
  | {
      readonly kind: 'submenu';
      readonly label: string;
      readonly items: readonly MenuItemModel[];
      readonly role?: 'appMenu' | 'windowMenu' | 'help';
    }
  | { readonly kind: 'separator' };

export interface MenuState {
  readonly platform: NodeJS.Platform;
  /** app.isPackaged: reload and the developer tools only in development. */
  readonly packaged: boolean;
  readonly appName: string;
  /** Recent projects, newest first; missing ones are left out of the menu. */
  readonly recent: readonly { readonly path: string; readonly name: string; readonly missing: boolean }[];
  /** The focused app window, if any. */
  readonly focused: { readonly kind: WindowKind; readonly key: string } | undefined;
}

/** Recent projects shown under Open Recent. */
export const MAX_RECENT_IN_MENU = 10;

/** The documentation pages Help links to (files under docs/ of the repository). */
export const HELP_PAGES: readonly { readonly label: string; readonly page: string }[] = [
  { label: 'Documentation', page: 'README.md' },
  { label: 'Project Format', page: 'docs/project-format.md' },
  { label: 'Command Line', page: 'docs/cli.md' },
  { label: 'HTTP API', page: 'docs/api.md' },
  { label: 'The Desktop App', page: 'docs/desktop-shell.md' },
];

export function buildMenuModel(state: MenuState): MenuItemModel[] {
  const mac = state.platform === 'darwin';
  return [
    ...(mac ? [appMenu(state.appName)] : []),
    fileMenu(state, mac),
    editMenu(mac),
    viewMenu(state.packaged),
    windowMenu(mac),
    helpMenu(),
  ];
}

function command(label: string, cmd: MenuCommand, accelerator?: string, enabled = true): MenuItemModel {
  return accelerator === undefined
    ? { kind: 'command', label, command: cmd, enabled }
    : { kind: 'command', label, command: cmd, accelerator, enabled };
}

const separator: MenuItemModel = { kind: 'separator' };

function appMenu(appName: string): MenuItemModel {
  const items: MenuItemModel[] = [
    { kind: 'role', role: 'about' },
    separator,
    { kind: 'role', role: 'services' },
    separator,
    { kind: 'role', role: 'hide' },
    { kind: 'role', role: 'hideOthers' },
    { kind: 'role', role: 'unhide' },
    separator,
    { kind: 'role', role: 'quit' },
  ];
  return { kind: 'submenu', label: appName, role: 'appMenu', items };
}

function fileMenu(state: MenuState, mac: boolean): MenuItemModel {
  const focused = state.focused;
  const items: MenuItemModel[] = [
    command('New Project…', { type: 'new-project' }, 'CmdOrCtrl+N'),
    command('Open…', { type: 'open-project' }, 'CmdOrCtrl+O'),
    { kind: 'submenu', label: 'Open Recent', items: recentItems(state.recent) },
    command('Home', { type: 'open-home' }, 'CmdOrCtrl+Shift+H'),
    separator,
    command('Save', { type: 'save' }, 'CmdOrCtrl+S', focused?.kind === 'editor'),
    focused?.kind === 'project'
      ? command('Edit Project', { type: 'edit-project', path: focused.key }, 'CmdOrCtrl+E')
      : command('Edit Project', { type: 'edit-project', path: '' }, 'CmdOrCtrl+E', false),
    separator,
    { kind: 'role', role: 'close', label: 'Close Window' },
    ...(mac ? [] : [separator, { kind: 'role', role: 'quit', label: 'Quit' } as const]),
  ];
  return { kind: 'submenu', label: 'File', items };
}

function recentItems(recent: MenuState['recent']): MenuItemModel[] {
  const present = recent.filter((entry) => !entry.missing).slice(0, MAX_RECENT_IN_MENU);
  const items: MenuItemModel[] = present.map((entry) =>
    command(`${entry.name} — ${entry.path}`, { type: 'open-recent', path: entry.path }),
  );
  if (items.length === 0) items.push(command('No Recent Projects', { type: 'open-home' }, undefined, false));
  return items;
}

function editMenu(mac: boolean): MenuItemModel {
  const items: MenuItemModel[] = [
    { kind: 'role', role: 'undo' },
    { kind: 'role', role: 'redo' },
    separator,
    { kind: 'role', role: 'cut' },
    { kind: 'role', role: 'copy' },
    { kind: 'role', role: 'paste' },
    ...(mac ? [{ kind: 'role', role: 'pasteAndMatchStyle' } as const] : []),
    { kind: 'role', role: 'delete' },
    separator,
    { kind: 'role', role: 'selectAll' },
  ];
  return { kind: 'submenu', label: 'Edit', items };
}

function viewMenu(packaged: boolean): MenuItemModel {
  const development: MenuItemModel[] = packaged
    ? []
    : [{ kind: 'role', role: 'reload' }, { kind: 'role', role: 'forceReload' }, { kind: 'role', role: 'toggleDevTools' }, separator];
  const items: MenuItemModel[] = [
    ...development,
    { kind: 'role', role: 'resetZoom' },
    { kind: 'role', role: 'zoomIn' },
    { kind: 'role', role: 'zoomOut' },
    separator,
    { kind: 'role', role: 'togglefullscreen' },
  ];
  return { kind: 'submenu', label: 'View', items };
}

function windowMenu(mac: boolean): MenuItemModel {
  const items: MenuItemModel[] = mac
    ? [{ kind: 'role', role: 'minimize' }, { kind: 'role', role: 'zoom' }, separator, { kind: 'role', role: 'front' }]
    : [
        { kind: 'role', role: 'minimize' },
        { kind: 'role', role: 'close' },
      ];
  return { kind: 'submenu', label: 'Window', role: 'windowMenu', items };
}

function helpMenu(): MenuItemModel {
  const items = HELP_PAGES.map((entry) => command(entry.label, { type: 'open-docs', page: entry.page }));
  return { kind: 'submenu', label: 'Help', role: 'help', items };
}
