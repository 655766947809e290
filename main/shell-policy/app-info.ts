import type { IpcResult } from '../../preload/shared/ipc-contract.js';

type AppInfo = IpcResult<'app:get-info'>;

/** The `app:get-info` result: the platform folded into the few the renderer distinguishes. */
export function appInfo(version: string, nodePlatform: string, serverUrl: string): AppInfo {
  const platform = nodePlatform === 'darwin' || nodePlatform === 'linux' || nodePlatform === 'win32' ? nodePlatform : 'other';
  return { version, platform, serverUrl };
}
