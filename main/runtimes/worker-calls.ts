import { AppError, toAppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import type { CallTarget, ChildMessage } from './worker-protocol.js';
import type { WorkerConnection } from './worker-transport.js';

/**
 * Parent side of the call channel: a JS function in a worker calls `ctx.models.x(...)` or
 * `ctx.call(...)`, the child sends `call`, and the parent runs it through `handleCall` and answers
 * with `call-result` / `call-error`. Calls from a worker are aborted when the child cancels them
 * (`call-cancel`) or when the worker goes away, so nested model jobs never outlive their caller.
 */
export type CallHandler = (
  target: CallTarget,
  input: unknown,
  params: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
) => Promise<unknown>;

type CallMessage = Extract<ChildMessage, { type: 'call' }>;

export class CallRouter {
  private readonly inflight = new Map<WorkerConnection, Map<number, AbortController>>();

  constructor(
    private readonly handler: CallHandler | undefined,
    private readonly logger: Logger,
  ) {}

  handle(worker: WorkerConnection, message: CallMessage): void {
    const { callId, target } = message;
    if (!this.handler) {
      worker.send({
        type: 'call-error',
        callId,
        error: new AppError('UNSUPPORTED', `This worker cannot call ${target.kind} "${target.name}".`).toPayload(),
      });
      return;
    }
    const controller = new AbortController();
    let calls = this.inflight.get(worker);
    if (!calls) {
      calls = new Map();
      this.inflight.set(worker, calls);
    }
    calls.set(callId, controller);
    const done = (): void => {
      calls.delete(callId);
      if (calls.size === 0) this.inflight.delete(worker);
    };
    const handler = this.handler;
    // Through a promise so that a handler throwing synchronously still answers the child.
    Promise.resolve()
      .then(() => handler(target, message.input, message.params, controller.signal))
      .then(
        (value) => {
          done();
          try {
            if (!worker.send({ type: 'call-result', callId, value })) {
              this.logger.debug('call result not delivered: the worker is gone', { callId });
            }
          } catch (error) {
            const message = `The result of ${target.kind} "${target.name}" cannot be passed to the worker: ${toAppError(error).message}`;
            worker.send({ type: 'call-error', callId, error: new AppError('INTERNAL', message).toPayload() });
          }
        },
        (error: unknown) => {
          done();
          worker.send({ type: 'call-error', callId, error: toAppError(error).toPayload() });
        },
      );
  }

  cancel(worker: WorkerConnection, callId: number): void {
    this.inflight.get(worker)?.get(callId)?.abort();
  }

  /** The worker exited or was killed: nobody is waiting for these answers any more. */
  abortAll(worker: WorkerConnection): void {
    const calls = this.inflight.get(worker);
    if (!calls) return;
    this.inflight.delete(worker);
    for (const controller of calls.values()) controller.abort();
  }
}
