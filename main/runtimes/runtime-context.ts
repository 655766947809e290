import type { Logger } from '../common/logger.js';
import type { CallTarget } from './worker-protocol.js';

/** What a runtime inside a worker gets from its process besides its model. */

/** Calls into the parent process: another model, or another project function. */
export interface CallBridge {
  call(target: CallTarget, input: unknown, params: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<unknown>;
}

export interface RuntimeContext {
  readonly logger: Logger;
  readonly bridge: CallBridge;
}
