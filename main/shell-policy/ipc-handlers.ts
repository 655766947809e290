import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import type { IpcResult, MachineInfo } from '../../preload/shared/ipc-contract.js';
import type { IpcHandlers } from './ipc-dispatch.js';

/**
 * What the IPC handlers need from the app, injected so that the rules (which paths a page may name)
 * are tested without Electron. main/shell/desktop.ts passes Electron's dialogs and shell, the
 * desk's recent list and open projects, and main/home's machine info.
 */
export interface IpcServices {
  appInfo(): IpcResult<'app:get-info'>;
  /** The Open dialog over the caller's window: the file the user picked, or null. */
  showOpenDialog(windowKey: string): Promise<string | null>;
  /** The Save dialog over the caller's window, suggesting `suggestedName`: the chosen path, or null. */
  showSaveDialog(windowKey: string, suggestedName: string): Promise<string | null>;
  /** Opens a project in its own window (`run`) or in the editor (`edit`). */
  openProject(file: string, openIn: 'run' | 'edit'): Promise<void>;
  /** Shows the file in the system file manager (shell.showItemInFolder). */
  revealInFolder(file: string): void;
  recentProjects(): Promise<readonly RecentProject[]>;
  /** The real paths of the projects open now. */
  openProjectPaths(): readonly string[];
  machineInfo(): Promise<MachineInfo>;
}

/**
 * The handlers of every channel. Paths: the page learns them from recent:list or a dialog, and may
 * hand back only those (or an open project's); the dialogs' answers are remembered for this run.
 */
export function createIpcHandlers(services: IpcServices): IpcHandlers {
  const answered = new Set<string>();
  const remember = (file: string | null): string | null => {
    if (file !== null) answered.add(path.resolve(file));
    return file;
  };
  return {
    'app:get-info': () => Promise.resolve(services.appInfo()),
    'project:open-dialog': async ({ openIn }, caller) => {
      const file = remember(await services.showOpenDialog(caller.windowKey));
      if (file !== null) await services.openProject(file, openIn);
      return { file };
    },
    'project:save-dialog': async ({ suggestedName }, caller) => ({
      file: remember(await services.showSaveDialog(caller.windowKey, suggestedName)),
    }),
    'project:reveal': async ({ path: file }) => {
      const known = [...answered, ...services.openProjectPaths(), ...(await services.recentProjects()).map((entry) => entry.path)];
      if (!isKnownPath(file, known)) {
        throw new AppError(
          'INVALID_INPUT',
          `${file} is not a project the app knows (a recent or open project, or a dialog's answer); it was not revealed.`,
        );
      }
      services.revealInFolder(path.resolve(file));
      return { revealed: true };
    },
    'recent:list': async () => ({ projects: [...(await services.recentProjects())] }),
    'machine:get-devices': () => services.machineInfo(),
  };
}

/** `file` is absolute and, normalized, one of `known` (normalized the same way). */
export function isKnownPath(file: string, known: readonly string[]): boolean {
  if (!path.isAbsolute(file) || file.includes('\0')) return false;
  const wanted = path.resolve(file);
  return known.some((entry) => path.resolve(entry) === wanted);
}
