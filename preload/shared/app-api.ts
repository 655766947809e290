import type { IpcResult } from './ipc-contract.js';

/**
 * What the page sees as `window.app` in the Electron window: one typed function per IPC channel.
 * Pure types, so the renderer (which cannot import electron) and the preload agree on one shape.
 */
export interface AppApi {
  getInfo(): Promise<IpcResult<'app:get-info'>>;
  openProjectDialog(): Promise<IpcResult<'project:open-dialog'>>;
}
