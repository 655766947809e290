import { ipcRenderer } from 'electron';
import type { AppApi } from './shared/app-api.js';
import type { IpcChannel, IpcParams, IpcResponse, IpcResult } from './shared/ipc-contract.js';

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
  openProjectDialog: () => invoke('project:open-dialog', undefined),
};
