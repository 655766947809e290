import { AppError } from '../../../preload/shared/errors.js';
import { isBlobRef, type JsonValue, type QueueJob } from '../job-data.js';

/**
 * How a job's JSON values become the engine's values and back. Files are the open part: a job
 * names files as `BlobRef`s into a blob store shared by fronts and workers (issue 18, item 1), and
 * that store is not wired in yet. Until it is, this worker runs jobs whose files are local
 * `FileValue`s (fronts and workers on one machine) and refuses blob references with a clear error
 * rather than handing a function a path that does not exist here.
 */
export interface JobValues {
  /** The engine's inputs of a job (one per event input). */
  inputs(job: QueueJob): Promise<unknown[]>;
  /** An event's outputs (or a partial) as JSON for the queue. */
  output(outputs: readonly unknown[]): Promise<JsonValue>;
}

function findBlob(value: unknown, path: string): { path: string; key: string } | undefined {
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

/** Values as they are: JSON in, JSON out (a typed array becomes an object, `undefined` null), no blob store. */
export const localJobValues: JobValues = {
  inputs(job) {
    const blob = findBlob(job.inputs, 'inputs');
    if (blob) {
      return Promise.reject(
        new AppError(
          'UNSUPPORTED',
          `Job ${job.id} (${job.event}): ${blob.path} is a file in the blob store (key "${blob.key}"), and this worker has no ` +
            'blob store yet: run fronts and workers on one machine with local files, or wait for the blob store (docs/scale-out.md).',
        ),
      );
    }
    return Promise.resolve([...job.inputs]);
  },
  output(outputs) {
    return Promise.resolve(JSON.parse(JSON.stringify(outputs)) as JsonValue);
  },
};
