import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../preload/shared/errors.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import { createLogger } from '../common/logger.js';
import { createEngine } from '../engine/create-engine.js';
import type { Engine } from '../engine/types.js';
import { loadProject, type LoadedProject } from '../project/load.js';
import { blobOptionsFromEnv, queueBlobStore } from '../blobs/queue-blob-store.js';
import { RedisQueue } from '../queue/redis/redis-queue.js';
import { parseRedisUrl } from '../queue/redis/redis-url.js';
import { BlobJobValues } from '../queue/worker/blob-job-values.js';
import { withModelIsolation } from '../queue/worker/model-isolation.js';
import { queueSettingsOf } from '../queue/worker/queue-settings.js';
import { workerCapabilities, type WorkerCapabilities } from '../queue/worker/worker-capabilities.js';
import { WorkerLoop } from '../queue/worker/worker-loop.js';
import { EXIT } from './cli-error.js';
import { downloadReporter } from './download-reporter.js';
import type { Output } from './output.js';
import { untilInterrupted } from './signals.js';
import { DEFAULT_MAX_RUNS, QUEUE_ENV, WORKER_OPTIONS, workerSettings, type WorkerSettings } from './worker-options.js';

export const WORKER_HELP = `Usage: demo-desktop worker <project.json> --queue redis://host:port/db [options]

Runs this project's functions for a queue in Redis shared with "demo-desktop serve --queue" fronts
(docs/scale-out.md): claims the runs of the concurrency groups it can serve, runs them here (its
ONNX models in threads of this process, other models and JS functions in worker processes of
their own), and reports progress, logs, partial outputs and results through
Redis. A group's concurrency limit holds across all workers. Prints "Worker <id> ready" when it
claims. Ctrl-C (or SIGTERM): stops claiming, finishes the runs it holds, then exits; a second
Ctrl-C exits at once (its runs go back to the queue when their lease ends: queue.leaseSeconds and
queue.retryLostWorker in project.json). While Redis is away it stops claiming and reconnects with
backoff. File inputs and outputs go through the queue's Redis (64 MiB per file at most), or through
a folder every front and worker mounts at the same path when $DEMO_DESKTOP_BLOBS names it.

Options:
  --queue <url>          The queue: redis://[[user]:password@]host[:port][/db][?namespace=name], or
                         rediss://... for TLS (tls_ca=<PEM file>, tls_servername=<name>). Required,
                         unless $${QUEUE_ENV} holds it (keeps a password out of the process list)
  --models <a,b>         The models this worker has: it serves only groups whose events use no other
                         model, and never loads the others (default: every model of the project)
  --device <d>           auto (default), cpu or gpu: where models set to "auto" run here; with cpu,
                         groups whose models ask for a GPU are left to other workers
  --isolation <i>        thread (default) or process: where ONNX models that set no "isolation" in
                         project.json run. thread: a worker thread of this process, one process hop
                         less per run (a native crash in a model ends this worker; its runs go to
                         other workers, as for any worker that dies); process: a worker process each
  --max-runs <n>         Runs held at once, all groups together (default ${DEFAULT_MAX_RUNS}); each group's
                         concurrency limit applies on top
  --worker-id <id>       This worker's name in the queue (default <hostname>-<pid>)
  --offline              Never download models; use the cache and local files only
  --cache-dir <dir>      Model cache (default ~/.cache/demo-desktop/models, or $DEMO_DESKTOP_CACHE)
  --hub-endpoint <url>   Hugging Face Hub endpoint or mirror (default https://huggingface.co, or $HF_ENDPOINT)
  --allow-outside-project
                         Accept model paths and JS modules outside the project folder
  -h, --help             Show this help`;

/** The project, and what this worker serves of it; the groups it leaves are said on stderr. */
async function servedProject(settings: WorkerSettings, io: Output): Promise<{ loaded: LoadedProject; capabilities: WorkerCapabilities }> {
  io.err(`Loading ${settings.file} ...`);
  const loaded = await loadProject(settings.file, { allowOutsideProject: settings.allowOutsideProject });
  const scope = { device: settings.device, ...(settings.models ? { models: settings.models } : {}) };
  const capabilities = workerCapabilities(loaded.project, normalize(loaded.project), scope);
  for (const skipped of capabilities.skipped) io.err(`Not serving group "${skipped.id}": ${skipped.reason}.`);
  if (capabilities.served.length === 0) {
    throw new AppError(
      'INVALID_INPUT',
      "This worker can serve none of the project's concurrency groups (see above): change --models or --device.",
    );
  }
  return { loaded, capabilities };
}

/** Claims until Ctrl-C, then lets the runs it holds finish. */
async function work(loop: WorkerLoop, ready: string, io: Output): Promise<number> {
  await loop.start();
  // Listening before "ready": a Ctrl-C right after it is a clean stop too.
  const interrupted = untilInterrupted(io);
  io.out(ready);
  io.err('Press Ctrl-C to stop.');
  await interrupted;
  if (loop.held.length > 0) io.err(`Finishing ${loop.held.length} run(s) first (Ctrl-C again to exit at once) ...`);
  await loop.stop();
  io.err('Stopped.');
  return EXIT.ok;
}

export async function workerCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: WORKER_OPTIONS, allowPositionals: true });
  if (values.help) {
    io.out(WORKER_HELP);
    return EXIT.ok;
  }
  const settings = workerSettings(values, positionals);
  const target = parseRedisUrl(settings.queueUrl);
  const logger = createLogger('demo-desktop');
  const { loaded, capabilities } = await servedProject(settings, io);
  const project = withModelIsolation(capabilities.project, settings.isolation);
  const threaded = Object.entries(project.models).filter(([, model]) => model.runtime === 'onnx' && model.isolation === 'thread');
  if (threaded.length > 0) io.err(`Model(s) ${threaded.map(([name]) => `"${name}"`).join(', ')} run in threads of this worker process.`);
  // Redis first: an unreachable queue fails at once, before any model loads.
  const queue = await RedisQueue.connect(settings.queueUrl, queueSettingsOf(loaded.project), logger.child('queue'));
  let engine: Engine | undefined;
  const blobs = queueBlobStore(queue, blobOptionsFromEnv());
  io.err(`Files go through ${blobs.display}.`);
  try {
    // The local engine, on the project as this worker runs it (models it does not have are never
    // loaded; ONNX models in threads unless --isolation process or the model says otherwise).
    engine = await createEngine({
      loaded: { ...loaded, project },
      environment: settings.environment,
      logger,
      onDownload: downloadReporter((line) => io.err(line)),
    });
    const loop = new WorkerLoop({
      queue,
      engine,
      workerId: settings.workerId,
      groups: capabilities.served,
      maxRuns: settings.maxRuns,
      leaseMs: queue.settings.leaseMs,
      logger: logger.child('worker'),
      values: new BlobJobValues({
        store: blobs.store,
        app: engine.app,
        allowedPaths: loaded.project.allowedPaths.map((entry) => path.resolve(loaded.dir, entry)),
        retentionMs: blobs.retentionMs,
      }),
    });
    const groups = capabilities.served.map((group) => `${group.id} (limit ${group.limit ?? 'none'})`).join(', ');
    return await work(loop, `Worker ${settings.workerId} ready: serving ${groups} from ${target.display}`, io);
  } finally {
    await engine?.dispose();
    blobs.close();
    await queue.close();
  }
}
