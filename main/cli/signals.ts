import { EXIT } from './cli-error.js';
import type { Output } from './output.js';

let interrupted: Promise<NodeJS.Signals> | null = null;

/**
 * Resolves on the first SIGINT or SIGTERM so the caller can shut down cleanly; a second signal
 * while shutting down exits at once with 130.
 *
 * Commands call it before they print their "Running on" line: whoever reads that line may stop the
 * process at once, and a signal that arrives before any listener kills Node without its clean-up
 * (a killed server leaves its data folder to the next one). Signals are process-wide, so every call
 * shares the first call's listener and promise; the later calls only wait on it.
 */
export function untilInterrupted(io: Output): Promise<NodeJS.Signals> {
  interrupted ??= new Promise((resolve) => {
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
  return interrupted;
}
