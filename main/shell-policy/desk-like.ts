import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import type { MachineInfo } from '../../preload/shared/ipc-contract.js';
import type { Logger } from '../common/logger.js';
import type { WindowHost } from '../desk/window-host.js';

/**
 * What the Electron shell needs from the desk (main/desk: the app server, the served projects, the
 * recent list), declared here so the shell does not depend on the desk's code. The desk decides
 * what to show and asks the WindowHost it was given to show it; the shell only forwards the
 * user's requests (menus, second instances, file associations, deep links, IPC) to it.
 */
export interface DeskLike {
  /** Serves the project (once per real path), records it as recent, and opens or focuses its window. */
  openProject(projectFile: string): Promise<void>;
  /** Opens or focuses the home screen. */
  openHome(): Promise<void>;
  /** Opens or focuses the editor, on `projectFile` or (none) on a new project. */
  openEditor(projectFile?: string): Promise<void>;
  /** Recent projects, newest first, missing files marked. */
  recentProjects(): Promise<readonly RecentProject[]>;
  /** Quit step 3: stops every served project's demo server and its worker processes. */
  stopProjects(): Promise<void>;
  /** Quit step 4: stops the app server (home, editor) and removes the instance file. */
  close(): Promise<void>;
}

export interface StartDeskOptions {
  /** Where the desk shows its pages: the Electron WindowHost. */
  readonly windowHost: WindowHost;
  /**
   * The per-launch secret the shell's windows send (x-demo-desktop-app) to every app origin; the
   * desk's servers accept it as the app window's sign-in and give its jobs priority.
   */
  readonly appToken: string;
  readonly logger: Logger;
}

/** Starts the desk (the app server first); main/index.ts passes main/desk's. */
export type StartDesk = (options: StartDeskOptions) => Promise<DeskLike>;

/** main/home's machine info for the device panel, as the IPC contract types it. */
export type MachineInfoSource = () => Promise<MachineInfo>;
