import { forkBenchChild, nextMessage } from '../child.js';
import type { EchoKind, FloorReply, FloorRequest } from '../floor-server-process.js';
import { openLoad, type HttpPath } from './http.js';

/**
 * The floor of path (c): the bare server of floor-server-process.ts (the same exchange with the
 * plain client, an echo worker instead of the engine) in its own process, and the same load
 * process as the HTTP path. `serverPid` and `echoPid` are there for their CPU time.
 */
export interface FloorPath extends HttpPath {
  readonly serverPid: number;
  /** -1 when the echo is a thread of the server process. */
  readonly echoPid: number;
  /** The echo answers from now on as a model taking `ms` a call, one at a time (0: at once). */
  pace(ms: number): void;
}

export async function openFloor(width: number, events: readonly string[], echo: EchoKind, maxClients: number): Promise<FloorPath> {
  const child = forkBenchChild('floor-server-process.ts');
  const opened = nextMessage<FloorReply>(child);
  const request: FloorRequest = { type: 'open', width, events, echo };
  child.send(request);
  const reply = await opened;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  };
  const load = await openLoad(reply.url, width, maxClients, stop, ['plain']);
  const pace = (ms: number): void => {
    const message: FloorRequest = { type: 'pace', ms };
    child.send(message);
  };
  return { ...load, serverPid: reply.pid, echoPid: reply.echoPid, pace };
}
