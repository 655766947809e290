import { EXIT } from './cli-error.js';
import type { Output } from './output.js';

/**
 * Resolves on the first SIGINT or SIGTERM so the caller can shut down cleanly; a second signal
 * while shutting down exits at once with 130.
 */
export function untilInterrupted(io: Output): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', () => {
        io.err('Interrupted again: exiting without waiting.');
        process.exit(EXIT.interrupted);
      });
      io.err('Shutting down ...');
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
