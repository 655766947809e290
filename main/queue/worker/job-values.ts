import { AppError } from '../../../preload/shared/errors.js';
import { isBlobRef, type JsonValue, type QueueJob } from '../job-data.js';

/**
 * How a job's JSON values become the engine's values and back, one job at a time: `prepare`
 * gives the engine's inputs (files as local paths), the run's output folder (`ctx.outputDir`), a
 * converter of its outputs to JSON for the queue, and `release` for what the job left on this
 * machine. With a blob store (blob-job-values.ts) files cross machines as BlobRefs; without one
 * (localJobValues) values cross as they are and a BlobRef is refused.
 */
export interface JobValues {
  prepare(job: QueueJob): Promise<PreparedJob>;
}

export interface PreparedJob {
  /** The engine's inputs (one per event input). */
  readonly inputs: unknown[];
  /** The run's own folder for output files (a JS function's `ctx.outputDir`), if it has one. */
  readonly outputDir?: string;
  /** An event's outputs (or a partial) as JSON for the queue. */
  output(outputs: readonly unknown[]): Promise<JsonValue>;
  /** The job is over: its local files go. */
  release(): Promise<void>;
}

/** The first BlobRef in `value`, with where it is (for the error). */
export function findBlob(value: unknown, path: string): { path: string; key: string } | undefined {
  if (isBlobRef(value)) return { path, key: value.key };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findBlob(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findBlob(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** JSON out as before the blob store: a typed array becomes an object, `undefined` null. */
export const plainOutput = (outputs: readonly unknown[]): Promise<JsonValue> =>
  Promise.resolve(JSON.parse(JSON.stringify(outputs)) as JsonValue);

/** Values as they are, no blob store (fronts and workers on one machine with local file paths). */
export const localJobValues: JobValues = {
  prepare(job) {
    const blob = findBlob(job.inputs, 'inputs');
    if (blob) {
      return Promise.reject(
        new AppError(
          'UNSUPPORTED',
          `Job ${job.id} (${job.event}): ${blob.path} is a file in the blob store (key "${blob.key}"), and this worker was ` +
            'started without one: give it the same blob store as the fronts (docs/scale-out.md, "Files").',
        ),
      );
    }
    return Promise.resolve({ inputs: [...job.inputs], output: plainOutput, release: () => Promise.resolve() });
  },
};
