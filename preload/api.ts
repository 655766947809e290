import { ipcRenderer } from 'electron';
import type { AppApi } from './shared/app-api.js';
import type { IpcChannel, IpcParams, IpcResponse, IpcResult } from './shared/ipc-contract.js';
import { MENU_COMMAND_CHANNEL, type PageMenuCommand } from './shared/menu-command.js';

/** An IPC failure with the main side's error code (e.g. INVALID_INPUT, INTERNAL). */
export class AppIpcError extends Error {
  override readonly name = 'AppIpcError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function invoke<C extends IpcChannel>(channel: C, params: IpcParams<C>): Promise<IpcResult<C>> {
  // The main side validated params and result against the contract (main/shell-policy/ipc-dispatch.ts).
  const response = (await ipcRenderer.invoke(channel, params)) as IpcResponse<C>;
  if (!response.ok) throw new AppIpcError(response.error.code, response.error.message);
  return response.value;
}

/** What the page sees as `window.app`: one typed function per IPC channel, nothing else. */
export const api: AppApi = {
  getInfo: () => invoke('app:get-info', undefined),
  openProjectDialog: (params) => invoke('project:open-dialog', params),
  saveProjectDialog: (params) => invoke('project:save-dialog', params),
  revealProject: (params) => invoke('project:reveal', params),
  listRecent: () => invoke('recent:list', undefined),
  getDevices: () => invoke('machine:get-devices', undefined),
  onMenuCommand: (listener) => {
    // The page never sees the IPC event (it carries the sender); only the command's name.
    const handler = (_event: unknown, command: PageMenuCommand): void => listener(command);
    ipcRenderer.on(MENU_COMMAND_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, handler);
    };
  },
};
