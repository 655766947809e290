import type { WorkerConnection } from '../main/runtimes/worker-transport.js';

/**
 * The connection with each send made from a setImmediate: after everything else of the sender's
 * turn (the server's writes of a join, the scheduler's bookkeeping). An experiment on the order of
 * the hand-overs for bench/one-caller.ts and bench/one-caller-http.ts (`deferred`), nothing the
 * app does.
 */
export function deferSends(worker: WorkerConnection): WorkerConnection {
  return new Proxy(worker, {
    get(target, key) {
      if (key === 'send')
        return (message: Parameters<WorkerConnection['send']>[0]) => {
          if (!target.alive) return false;
          setImmediate(() => target.send(message));
          return true;
        };
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
