import type { IpcChannel, IpcParams, IpcResult } from './ipc-contract.js';
import type { PageMenuCommand } from './menu-command.js';

/**
 * What the page sees as `window.app` in the Electron window: one typed function per IPC channel
 * (APP_API_METHODS names which), plus the menu-command subscription. Pure types, so the renderer
 * (which cannot import electron) and the preload agree on one shape.
 */
export interface AppApi {
  getInfo(): Promise<IpcResult<'app:get-info'>>;
  openProjectDialog(params: IpcParams<'project:open-dialog'>): Promise<IpcResult<'project:open-dialog'>>;
  saveProjectDialog(params: IpcParams<'project:save-dialog'>): Promise<IpcResult<'project:save-dialog'>>;
  revealProject(params: IpcParams<'project:reveal'>): Promise<IpcResult<'project:reveal'>>;
  listRecent(): Promise<IpcResult<'recent:list'>>;
  getDevices(): Promise<IpcResult<'machine:get-devices'>>;
  /** Calls `listener` when the user picks a menu item the page carries out (File > Save). */
  onMenuCommand(listener: (command: PageMenuCommand) => void): () => void;
}

/**
 * Which AppApi method calls which channel. Its type demands exactly one entry per channel, so a
 * channel added to the contract without a method (or a method pointing nowhere) does not compile;
 * test/shell/ipc-contract-types.test.ts checks the signatures match too.
 */
export const APP_API_METHODS = {
  'app:get-info': 'getInfo',
  'project:open-dialog': 'openProjectDialog',
  'project:save-dialog': 'saveProjectDialog',
  'project:reveal': 'revealProject',
  'recent:list': 'listRecent',
  'machine:get-devices': 'getDevices',
} as const satisfies { readonly [C in IpcChannel]: keyof AppApi };

type MethodOf<C extends IpcChannel> = (typeof APP_API_METHODS)[C];

/** The signature the contract gives channel C: no argument when its params are `undefined`. */
export type ContractMethod<C extends IpcChannel> = [IpcParams<C>] extends [undefined]
  ? () => Promise<IpcResult<C>>
  : (params: IpcParams<C>) => Promise<IpcResult<C>>;

/** Each mapped method, as AppApi declares it. */
export type AppApiMethod<C extends IpcChannel> = AppApi[MethodOf<C>];
