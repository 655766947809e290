import { ipcMain } from 'electron';
import type { Disposable } from '../common/disposable.js';
import { IPC_CHANNELS } from '../../preload/shared/ipc-contract.js';
import { dispatchIpc, type IpcHandlers } from '../shell-policy/ipc-dispatch.js';

/**
 * Registers one ipcMain handler per contract channel. Validation (sender frame, params, result)
 * lives in dispatchIpc, which is unit-tested without Electron; this is only the wiring.
 */
export function registerIpc(
  handlers: IpcHandlers,
  serverOrigin: () => string,
  onUnexpectedError: (channel: string, error: unknown) => void,
): Disposable {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, params: unknown) =>
      dispatchIpc({ channel, senderUrl: event.senderFrame?.url, params }, handlers, serverOrigin(), onUnexpectedError),
    );
  }
  return {
    dispose: () => {
      for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
    },
  };
}
