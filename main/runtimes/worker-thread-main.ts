import { parentPort, threadId } from 'node:worker_threads';
import { serveWorker } from './worker-serve.js';

/**
 * Entry point of a worker thread (started by WorkerThread, worker-thread.ts): worker-serve.ts over
 * the thread's message port. The process's resident memory is shared with the app, so what the
 * model holds is estimated as this thread's heap plus what the process grew by since the thread
 * started (mostly onnxruntime's native allocations for the session).
 */

const port = parentPort;
if (!port) throw new Error('worker-thread-main.ts runs only as a worker thread (see worker-thread.ts).');
const rssAtStart = process.memoryUsage.rss();
let open = true;
port.on('close', () => {
  open = false;
});

serveWorker({
  name: `worker-thread:${threadId}`,
  get connected() {
    return open;
  },
  post: (wire) => port.postMessage(wire),
  onMessage: (listener) => port.on('message', listener),
  // In a worker thread, process.exit ends the thread only.
  exit: (code) => process.exit(code),
  memoryBytes: () => process.memoryUsage().heapTotal + Math.max(0, process.memoryUsage.rss() - rssAtStart),
});
