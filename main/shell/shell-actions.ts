import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { MENU_COMMAND_CHANNEL } from '../../preload/shared/menu-command.js';
import { packageRoot } from '../common/package-root.js';
import { appInfo } from '../shell-policy/app-info.js';
import type { DeskLike, MachineInfoSource } from '../shell-policy/desk-like.js';
import { docsTarget } from '../shell-policy/docs-link.js';
import { createIpcHandlers } from '../shell-policy/ipc-handlers.js';
import type { IpcHandlers } from '../shell-policy/ipc-dispatch.js';
import { buildMenuModel, type MenuCommand } from '../shell-policy/menu-model.js';
import type { ElectronWindowHost } from './electron-window-host.js';
import { applyMenu } from './menu.js';

const PROJECT_FILTERS = [{ name: 'demo-desktop project', extensions: ['json'] }];

/**
 * What the user can ask of the app through its menus and the pages' IPC, carried out over the
 * desk and the Electron WindowHost: the rules are in shell-policy (menu-model.ts, ipc-handlers.ts).
 */
export class ShellActions {
  constructor(
    private readonly desk: DeskLike,
    private readonly host: ElectronWindowHost,
    private readonly machineInfo: MachineInfoSource,
    private readonly fail: (title: string, message: string) => void,
  ) {}

  /** Opens a project through the desk; the menu's Open Recent follows. */
  async openProject(file: string): Promise<void> {
    await this.desk.openProject(file);
    this.refreshMenu();
  }

  /** Rebuilds the application menu from the recent list and the focused window. */
  refreshMenu(): void {
    this.desk
      .recentProjects()
      .catch(() => [])
      .then((recent) => {
        const focused = this.host.focused();
        const model = buildMenuModel({
          platform: process.platform,
          packaged: app.isPackaged,
          appName: app.getName(),
          recent,
          focused: focused && { kind: focused.kind, key: focused.key },
        });
        applyMenu(model, (command) => {
          this.run(command).catch((error: unknown) =>
            this.fail('That did not work', error instanceof Error ? error.message : String(error)),
          );
        });
      })
      .catch(() => undefined);
  }

  ipcHandlers(): IpcHandlers {
    return createIpcHandlers({
      appInfo: () =>
        appInfo({ version: app.getVersion(), platform: process.platform, packaged: app.isPackaged, versions: process.versions }),
      showOpenDialog: (windowKey) => this.chooseProject(this.host.registry.get(windowKey)?.window),
      showSaveDialog: async (windowKey, suggestedName) => {
        const parent = this.host.registry.get(windowKey)?.window;
        const options = {
          title: 'Save the project',
          defaultPath: path.join(app.getPath('documents'), suggestedName),
          filters: PROJECT_FILTERS,
        };
        const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return choice.canceled || !choice.filePath ? null : choice.filePath;
      },
      openProject: (file, openIn) => (openIn === 'edit' ? this.desk.openEditor(file) : this.openProject(file)),
      revealInFolder: (file) => shell.showItemInFolder(file),
      recentProjects: () => this.desk.recentProjects(),
      openProjectPaths: () => this.host.registry.projectPaths(),
      machineInfo: this.machineInfo,
    });
  }

  private async run(command: MenuCommand): Promise<void> {
    switch (command.type) {
      case 'new-project':
        return this.desk.openEditor();
      case 'open-project': {
        const file = await this.chooseProject(this.host.focused()?.window);
        if (file !== null) await this.openProject(file);
        return;
      }
      case 'open-recent':
        return this.openProject(command.path);
      case 'save': {
        // The editor page saves its own document (AppApi.onMenuCommand).
        const focused = this.host.focused();
        if (focused?.kind === 'editor') focused.window.webContents.send(MENU_COMMAND_CHANNEL, 'save');
        return;
      }
      case 'edit-project':
        return this.desk.openEditor(command.path);
      case 'open-home':
        return this.desk.openHome();
      case 'open-docs':
        return this.openDocs(command.page);
    }
  }

  private async chooseProject(parent: BrowserWindow | undefined): Promise<string | null> {
    const options = { title: 'Open a project', properties: ['openFile' as const], filters: PROJECT_FILTERS };
    const choice = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    const [file] = choice.filePaths;
    return choice.canceled || file === undefined ? null : file;
  }

  private async openDocs(page: string): Promise<void> {
    const root = packageRoot();
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository?: unknown };
    const target = docsTarget(page, manifest, root);
    if (target.kind === 'url') return shell.openExternal(target.url);
    const error = await shell.openPath(target.path);
    if (error) throw new Error(`Could not open ${target.path}: ${error}`);
  }
}
