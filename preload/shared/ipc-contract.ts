import { z } from 'zod';
import { machineResponse } from './home/home-api.js';
import { recentProject } from './editor/editor-api.js';

/**
 * The IPC contract between the app's windows and the main process: every channel with the zod
 * schemas of its params and result, in one place. Pure TS (no electron, no Node): the preload, the
 * main side and the renderer's types all come from here. The main side checks that the caller is
 * the top frame of one of the app's windows, showing that window's own origin, and validates the
 * params and the result of every call (main/shell-policy/ipc-dispatch.ts); results travel in an
 * envelope so that typed errors survive the trip (ipcRenderer.invoke would flatten a thrown error
 * into a string).
 *
 * Paths: the renderer never makes the app open or reveal a path it made up. A path reaches main
 * only through a dialog the user answered (and main keeps it), or names one the main side already
 * knows (a recent or open project); anything else is refused. A compromised page therefore cannot
 * make the app load code from, or point the file manager at, an arbitrary place.
 */

/** A file name for the save dialog's suggestion: no folders, no control characters. */
const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (name) => name !== '.' && name !== '..' && !/[/\\]/.test(name) && !hasControlCharacter(name),
    'a file name without folders or control characters',
  );

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/** This machine, the same shape the home screen's /api/home/machine answers (one schema for both). */
export const machineInfo = machineResponse;
export type MachineInfo = z.infer<typeof machineInfo>;

export const IPC_CONTRACT = {
  /** Version, platform and runtime versions of the app. */
  'app:get-info': {
    params: z.undefined(),
    result: z.strictObject({
      version: z.string(),
      platform: z.enum(['darwin', 'linux', 'win32', 'other']),
      packaged: z.boolean(),
      /** Electron's, Chromium's and Node's versions, for bug reports. */
      versions: z.strictObject({ electron: z.string(), chrome: z.string(), node: z.string() }),
    }),
  },
  /**
   * Shows the Open dialog; when the user picks a project file it opens in its own window (`run`)
   * or in the editor (`edit`). `file` is the path the user picked, or null when they cancelled.
   */
  'project:open-dialog': {
    params: z.strictObject({ openIn: z.enum(['run', 'edit']) }),
    result: z.strictObject({ file: z.string().nullable() }),
  },
  /**
   * Shows the Save dialog (the editor's Save As, a new project from a template). Returns the path
   * the user chose, or null; the page then saves there through its own HTTP API.
   */
  'project:save-dialog': {
    params: z.strictObject({ suggestedName: fileName }),
    result: z.strictObject({ file: z.string().nullable() }),
  },
  /** Shows a project file in the system file manager; only a recent or open project's path. */
  'project:reveal': {
    params: z.strictObject({ path: z.string().min(1).max(4096) }),
    result: z.strictObject({ revealed: z.boolean() }),
  },
  /** The recent projects, newest first, missing files marked. */
  'recent:list': {
    params: z.undefined(),
    result: z.strictObject({ projects: z.array(recentProject) }),
  },
  /** This machine: CPU, memory, GPUs and the execution providers that work here. */
  'machine:get-devices': {
    params: z.undefined(),
    result: machineInfo,
  },
} as const;

export type IpcChannel = keyof typeof IPC_CONTRACT;
export const IPC_CHANNELS = Object.keys(IPC_CONTRACT) as readonly IpcChannel[];

export type IpcParams<C extends IpcChannel> = z.input<(typeof IPC_CONTRACT)[C]['params']>;
export type IpcResult<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]['result']>;

/** An error as it crosses IPC: a stable code and a message that says what to do. */
export const ipcError = z.strictObject({ code: z.string(), message: z.string() });
export type IpcError = z.infer<typeof ipcError>;

export type IpcResponse<C extends IpcChannel> =
  { readonly ok: true; readonly value: IpcResult<C> } | { readonly ok: false; readonly error: IpcError };

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && Object.hasOwn(IPC_CONTRACT, value);
}
