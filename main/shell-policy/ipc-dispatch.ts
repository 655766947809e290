import { AppError } from '../../preload/shared/errors.js';
import { IPC_CONTRACT, type IpcChannel, type IpcParams, type IpcResponse, type IpcResult } from '../../preload/shared/ipc-contract.js';
import { originOf } from './content-security-policy.js';

/** The app window a call came from (the registry's entry for the sender's web contents). */
export interface IpcCaller {
  /** Its window key: 'home', 'editor' or a project's real path. */
  readonly windowKey: string;
}

/** One async handler per channel, typed from the contract. */
export type IpcHandlers = { readonly [C in IpcChannel]: (params: IpcParams<C>, caller: IpcCaller) => Promise<IpcResult<C>> };

/** Who sent a call, as Electron tells it (event.senderFrame, event.sender) and our registry knows it. */
export interface IpcSender {
  /** event.senderFrame?.url; undefined when the frame is gone. */
  readonly frameUrl: string | undefined;
  /** The sending frame is its page's top frame (event.senderFrame === event.sender.mainFrame). */
  readonly isTopFrame: boolean;
  /** The app window the web contents belongs to, with the origin it was opened on; undefined if not ours. */
  readonly window: { readonly key: string; readonly origin: string } | undefined;
}

export interface IpcCall<C extends IpcChannel> {
  readonly channel: C;
  readonly sender: IpcSender;
  readonly params: unknown;
}

/**
 * Runs one IPC call. Only the top frame of one of the app's windows, showing that window's own
 * origin, may call: not a frame inside it (the editor's preview, an embedded page), not a window
 * the app did not open, not a page the window was navigated to. The params must match the contract
 * and the handler's result is checked too. Never throws: every outcome is an IpcResponse, and
 * errors other than AppError are reported without their internals.
 */
export async function dispatchIpc<C extends IpcChannel>(
  call: IpcCall<C>,
  handlers: IpcHandlers,
  onUnexpectedError: (channel: IpcChannel, error: unknown) => void = () => undefined,
): Promise<IpcResponse<C>> {
  const { channel, sender } = call;
  const refusal = refuseSender(sender);
  if (refusal !== undefined || sender.window === undefined) {
    return fail(
      'INVALID_INPUT',
      `${channel}: refused a call from ${refusal ?? 'an unknown window'}; only the app's own pages may call it.`,
    );
  }
  const contract = IPC_CONTRACT[channel];
  const params = contract.params.safeParse(call.params);
  if (!params.success) {
    return fail('INVALID_INPUT', `${channel}: invalid params: ${params.error.issues.map((i) => i.message).join('; ')}`);
  }
  try {
    // The mapped handler type cannot be narrowed through the generic C; the contract ties them.
    const handler = handlers[channel] as (params: unknown, caller: IpcCaller) => Promise<unknown>;
    const result = contract.result.safeParse(await handler(params.data, { windowKey: sender.window.key }));
    if (!result.success) return fail('INTERNAL', `${channel}: the app returned a malformed result.`);
    return { ok: true, value: result.data as IpcResult<C> };
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    onUnexpectedError(channel, error);
    return fail('INTERNAL', `${channel} failed unexpectedly; see the app log.`);
  }
}

/** Why a sender may not call (a description of it), or undefined when it may. */
function refuseSender(sender: IpcSender): string | undefined {
  const { frameUrl, window } = sender;
  if (frameUrl === undefined) return 'a closed frame';
  if (window === undefined) return `${frameUrl}, which is not in an app window`;
  if (!sender.isTopFrame) return `a frame inside the window (${frameUrl})`;
  const origin = originOf(frameUrl);
  if (origin === undefined || origin === 'null' || origin !== window.origin) return `${frameUrl}, which is not the window's own page`;
  return undefined;
}

function fail(code: string, message: string): { readonly ok: false; readonly error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}
