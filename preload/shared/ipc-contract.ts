import { z } from 'zod';

/**
 * The IPC contract between the app window and the main process: every channel with the zod schemas
 * of its params and result, in one place. Pure TS (no electron, no Node): the preload, the main
 * side and the renderer's types all come from here. The main side validates the sender frame and
 * the params of every call; results travel in an envelope so that typed errors survive the trip
 * (ipcRenderer.invoke would flatten a thrown error into a string).
 *
 * The renderer cannot pass file paths to main: opening a project goes through a dialog the user
 * answers, so a compromised page cannot make the app load code from an arbitrary path.
 */
export const IPC_CONTRACT = {
  /** Version and platform of the app, and the URL of the served project. */
  'app:get-info': {
    params: z.undefined(),
    result: z.strictObject({
      version: z.string(),
      platform: z.enum(['darwin', 'linux', 'win32', 'other']),
      serverUrl: z.string(),
    }),
  },
  /** Shows the Open dialog; when the user picks a project.json, the window switches to it. */
  'project:open-dialog': {
    params: z.undefined(),
    result: z.strictObject({ file: z.string().nullable() }),
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
