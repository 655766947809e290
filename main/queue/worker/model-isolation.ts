import type { Project } from '../../../preload/shared/project/schema.js';

/** Where `demo-desktop worker` runs ONNX models (`--isolation`). */
export const WORKER_ISOLATIONS = ['thread', 'process'] as const;
export type WorkerIsolation = (typeof WORKER_ISOLATIONS)[number];

/**
 * The project with every ONNX model that sets no `isolation` of its own given `isolation`
 * (docs/scale-out.md, "The worker": threads by default). In scale-out the worker process is
 * already the unit a crash takes down: a native crash ends the worker, its leases run out and its
 * runs go to other workers (or fail, per `queue.retryLostWorker`), so a process per model buys
 * little there and costs a process hop on every run. A model's own setting wins; other runtimes
 * (transformers, ocr) and JS functions keep their worker processes (the thread transport is for
 * ONNX models only, and user code relies on a process of its own: its memory watch, `process.chdir`).
 */
export function withModelIsolation(project: Project, isolation: WorkerIsolation): Project {
  const models = Object.fromEntries(
    Object.entries(project.models).map(([name, model]) => [
      name,
      model.runtime === 'onnx' && model.isolation === undefined ? { ...model, isolation } : model,
    ]),
  );
  return { ...project, models };
}
