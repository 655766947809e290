import type { IpcResult } from '../../preload/shared/ipc-contract.js';

type AppInfo = IpcResult<'app:get-info'>;

export interface AppInfoInput {
  readonly version: string;
  readonly platform: string;
  readonly packaged: boolean;
  /** process.versions: electron and chrome are absent outside Electron. */
  readonly versions: Readonly<Record<string, string | undefined>>;
}

/** The `app:get-info` result: the platform folded into the few the renderer distinguishes. */
export function appInfo(input: AppInfoInput): AppInfo {
  const { platform: p } = input;
  const platform = p === 'darwin' || p === 'linux' || p === 'win32' ? p : 'other';
  const { electron = '', chrome = '', node = '' } = input.versions;
  return { version: input.version, platform, packaged: input.packaged, versions: { electron, chrome, node } };
}
