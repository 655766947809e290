/**
 * The server side of `npm run bench:instr` (instructions.ts): the engine and HTTP server of the
 * checkout named by argv[2], in a process of its own that instructions.ts starts under valgrind
 * (callgrind). This file is the bench's (it works for any checkout that has main/engine,
 * main/project and main/server as of session 27); the measured code, main/**, is the checkout's,
 * imported from its folder. Speaks over the IPC channel: `open` → `opened` with the URL,
 * `metrics` → the engine's batch sizes per event, `close` → disposes everything and exits.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as StartServerModule from '../main/server/start-server.js';
import type * as CreateEngineModule from '../main/engine/create-engine.js';
import type * as LoadProjectModule from '../main/project/load.js';
import type { Engine } from '../main/engine/types.js';
import type { RunningServer } from '../main/server/start-server.js';
import { writeEchoProject } from './echo-project.js';
import { writeModel, type ModelFiles } from './model.js';
import { projectJson, type CellEvent } from './project.js';
import { writeFile } from 'node:fs/promises';

export type InstrServeRequest =
  | {
      readonly type: 'open';
      readonly project: 'model';
      readonly width: number;
      readonly depth: number;
      readonly events: readonly CellEvent[];
      readonly timeScale: number;
    }
  | { readonly type: 'open'; readonly project: 'echo'; readonly timeScale: number }
  | { readonly type: 'metrics' }
  | { readonly type: 'close' };

export type InstrServeReply =
  | { readonly type: 'opened'; readonly url: string }
  | { readonly type: 'metrics'; readonly batchSizes: Readonly<Record<string, Readonly<Record<number, number>>>> }
  | { readonly type: 'failed'; readonly message: string };

const root = process.argv[2] ?? join(import.meta.dirname, '..');
const fromRoot = <T>(file: string): Promise<T> => import(pathToFileURL(join(root, file)).href) as Promise<T>;

let opened: { files: ModelFiles; engine: Engine; server: RunningServer } | null = null;

async function open(request: Extract<InstrServeRequest, { type: 'open' }>): Promise<string> {
  const { startServer } = await fromRoot<typeof StartServerModule>('main/server/start-server.ts');
  const { createEngine } = await fromRoot<typeof CreateEngineModule>('main/engine/create-engine.ts');
  const { loadProject } = await fromRoot<typeof LoadProjectModule>('main/project/load.ts');
  // The model file is written in both cases: its temp folder holds the project and the server's data.
  const files = await writeModel(
    { width: request.project === 'model' ? request.width : 8, depth: request.project === 'model' ? request.depth : 1 },
    'instr',
  );
  // The adaptive policy's latency target (500 ms) and longest wait (50 ms) × timeScale too: under
  // callgrind a batch's measured time is ~100× the native one, and with the native target the
  // policy would choose batches of 1.
  const projectFile = join(files.dir, 'instr.json');
  if (request.project === 'model') {
    const json = projectJson({ width: request.width, events: request.events });
    const queue = json.queue as Record<string, unknown>;
    queue.batching = { policy: 'adaptive', targetMs: 500 * request.timeScale, maxWindowMs: Math.min(10_000, 50 * request.timeScale) };
    await writeFile(projectFile, `${JSON.stringify(json, null, 2)}\n`);
  }
  const loadedFile = request.project === 'model' ? projectFile : await writeEchoProject(files.dir, 'instr-echo');
  const loaded = await loadProject(loadedFile);
  const engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(loaded.dir, 'cache') } });
  // The server's session timers × timeScale (defaults: queue-session.ts): under callgrind the
  // server runs ~100× slower, so a 40 ms status hold would run out in the middle of most calls,
  // which natively end inside it, and whether it did would vary with the machine's load.
  const scale = request.timeScale;
  const server = await startServer({
    engine,
    dataDir: join(files.dir, 'server-data'),
    statusHoldMs: 40 * scale,
    streamLingerMs: 1_000 * scale,
    streamCrossingMs: 50 * scale,
  });
  opened = { files, engine, server };
  return server.url;
}

const reply = (message: InstrServeReply): void => void process.send?.(message);
const failed = (error: unknown): void => reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });

process.on('message', (message: InstrServeRequest) => {
  switch (message.type) {
    case 'open':
      open(message).then((url) => reply({ type: 'opened', url }), failed);
      return;
    case 'metrics': {
      const metrics = opened?.engine.metrics() ?? {};
      reply({ type: 'metrics', batchSizes: Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, { ...m.batchSizes }])) });
      return;
    }
    case 'close': {
      const closing = opened;
      opened = null;
      void (async () => {
        await closing?.server.close();
        await closing?.engine.dispose();
        await closing?.files.remove();
        process.exit(0);
      })();
      return;
    }
  }
});
process.on('disconnect', () => process.exit(0));
