/**
 * One side of an A/B comparison (ab.ts): the 5 ms model's engine and HTTP server in a process of
 * their own, run from the checkout this file sits in, so two versions of the server can be
 * measured side by side in one run. Speaks over the IPC channel: `open` → `opened` with the URL,
 * `close` → disposes everything and exits.
 */
import { join } from 'node:path';
import { startServer, type RunningServer } from '../main/server/start-server.js';
import { makeRows, writeModel, type ModelFiles } from './model.js';
import { openEngine, type EnginePath } from './paths/engine.js';
import { writeProject, type CellEvent } from './project.js';

export type ServeRequest =
  | {
      readonly type: 'open';
      readonly width: number;
      readonly depth: number;
      readonly callers: readonly number[];
      /** Also serve `adaptive_<callers>` events: adaptive batching (≤ 32), one batch at a time. */
      readonly adaptive?: boolean;
    }
  | { readonly type: 'close' };

export type ServeReply = { readonly type: 'opened'; readonly url: string } | { readonly type: 'failed'; readonly message: string };

let opened: { files: ModelFiles; engine: EnginePath; server: RunningServer } | null = null;

async function open(width: number, depth: number, callers: readonly number[], adaptive: boolean): Promise<string> {
  const files = await writeModel({ width, depth }, 'ab');
  const events: CellEvent[] = callers.map((count) => ({ apiName: `off_${count}`, mode: 'off', concurrency: count, limit: count }));
  if (adaptive) for (const count of callers) events.push({ apiName: `adaptive_${count}`, mode: 'adaptive', concurrency: count, limit: 1 });
  const project = await writeProject(files.dir, 'ab.json', { width, events });
  const engine = await openEngine(project, width, makeRows(width));
  const server = await startServer({ engine: engine.engine, dataDir: join(files.dir, 'server-data') });
  opened = { files, engine, server };
  return server.url;
}

process.on('message', (message: ServeRequest) => {
  if (message.type === 'open') {
    open(message.width, message.depth, message.callers, message.adaptive === true).then(
      (url) => process.send?.({ type: 'opened', url } satisfies ServeReply),
      (error: unknown) =>
        process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ServeReply),
    );
    return;
  }
  const closing = opened;
  opened = null;
  void (async () => {
    await closing?.server.close();
    await closing?.engine.dispose();
    await closing?.files.remove();
    process.exit(0);
  })();
});
process.on('disconnect', () => process.exit(0));
