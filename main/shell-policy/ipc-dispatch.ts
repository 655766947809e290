import { AppError } from '../../preload/shared/errors.js';
import { IPC_CONTRACT, type IpcChannel, type IpcParams, type IpcResponse, type IpcResult } from '../../preload/shared/ipc-contract.js';
import { originOf } from './content-security-policy.js';

/** One async handler per channel, typed from the contract. */
export type IpcHandlers = { readonly [C in IpcChannel]: (params: IpcParams<C>) => Promise<IpcResult<C>> };

export interface IpcCall<C extends IpcChannel> {
  readonly channel: C;
  /** URL of the frame that sent the call (event.senderFrame.url); undefined if the frame is gone. */
  readonly senderUrl: string | undefined;
  readonly params: unknown;
}

/**
 * Runs one IPC call: only frames of the local server may call, params must match the contract, and
 * the handler's result is checked too. Never throws: every outcome is an IpcResponse, and errors
 * other than AppError are reported without their internals.
 */
export async function dispatchIpc<C extends IpcChannel>(
  call: IpcCall<C>,
  handlers: IpcHandlers,
  serverOrigin: string,
  onUnexpectedError: (channel: IpcChannel, error: unknown) => void = () => undefined,
): Promise<IpcResponse<C>> {
  const { channel, senderUrl } = call;
  if (senderUrl === undefined || originOf(senderUrl) !== serverOrigin) {
    return fail('INVALID_INPUT', `${channel}: refused a call from ${senderUrl ?? 'a closed frame'}; only the app's own pages may call it.`);
  }
  const contract = IPC_CONTRACT[channel];
  const params = contract.params.safeParse(call.params);
  if (!params.success) {
    return fail('INVALID_INPUT', `${channel}: invalid params: ${params.error.issues.map((i) => i.message).join('; ')}`);
  }
  try {
    // The mapped handler type cannot be narrowed through the generic C; the contract ties them.
    const handler = handlers[channel] as (params: unknown) => Promise<unknown>;
    const result = contract.result.safeParse(await handler(params.data));
    if (!result.success) return fail('INTERNAL', `${channel}: the app returned a malformed result.`);
    return { ok: true, value: result.data as IpcResult<C> };
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message);
    onUnexpectedError(channel, error);
    return fail('INTERNAL', `${channel} failed unexpectedly; see the app log.`);
  }
}

function fail(code: string, message: string): { readonly ok: false; readonly error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}
