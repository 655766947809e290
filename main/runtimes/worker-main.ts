import { serveWorker } from './worker-serve.js';

/**
 * Entry point of a worker process (forked by WorkerProcess): worker-serve.ts over the IPC channel.
 * The process's resident memory is what its model holds.
 */

serveWorker({
  name: `worker:${process.pid}`,
  get connected() {
    return process.connected;
  },
  post: (wire) => process.send?.(wire),
  onMessage: (listener) => process.on('message', listener),
  exit: (code) => process.exit(code),
  memoryBytes: () => process.memoryUsage().rss,
});

// Orphan protection: if the parent goes away (crash, SIGKILL), so does the worker.
process.on('disconnect', () => process.exit(0));
