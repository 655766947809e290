import { availableParallelism } from 'node:os';

/**
 * Intra-op threads per worker when project.json sets no `threads`.
 *
 * onnxruntime sizes its intra-op pool to the machine's cores in every session, so N replicas of
 * one model would start N full pools on the same cores. Their threads then spin and wait on each
 * other (every parallel section ends at a barrier), and two replicas ran slower than one here
 * (127–136 req/s against 252–281 with one thread each, 5 ms model, 2 cores). Ray Serve users set
 * OMP_NUM_THREADS per replica by hand for the same reason; the engine does it for them: the cores
 * are shared out between a model's replicas. One replica keeps onnxruntime's own default.
 */
export function defaultThreads(replicas: number, cpus: number = availableParallelism()): number | undefined {
  return replicas > 1 ? Math.max(1, Math.floor(cpus / replicas)) : undefined;
}

/** The threads a model's workers use: the project's `threads`, else the split above. */
export function workerThreads(
  definition: { readonly replicas: number; readonly threads?: number | undefined },
  cpus?: number,
): number | undefined {
  return definition.threads ?? defaultThreads(definition.replicas, cpus);
}
