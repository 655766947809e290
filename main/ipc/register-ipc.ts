import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Disposable } from '../common/disposable.js';
import { IPC_CHANNELS } from '../../preload/shared/ipc-contract.js';
import { dispatchIpc, type IpcHandlers, type IpcSender } from '../shell-policy/ipc-dispatch.js';

/** The app window a web contents belongs to (its registry key and origin); undefined if none. */
export type WindowOf = (contents: IpcMainInvokeEvent['sender']) => { readonly key: string; readonly origin: string } | undefined;

/**
 * Registers one ipcMain handler per contract channel. Validation (sender frame, params, result)
 * lives in dispatchIpc, which is unit-tested without Electron; this only says who sent the call.
 */
export function registerIpc(
  handlers: IpcHandlers,
  windowOf: WindowOf,
  onUnexpectedError: (channel: string, error: unknown) => void,
): Disposable {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, params: unknown) =>
      dispatchIpc({ channel, sender: describeSender(event, windowOf), params }, handlers, onUnexpectedError),
    );
  }
  return {
    dispose: () => {
      for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
    },
  };
}

function describeSender(event: IpcMainInvokeEvent, windowOf: WindowOf): IpcSender {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url,
    // A frame without a parent is its page's top frame; a frame inside it (the editor's preview) has one.
    isTopFrame: frame !== null && frame.parent === null,
    window: windowOf(event.sender),
  };
}
