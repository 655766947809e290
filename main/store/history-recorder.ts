import path from 'node:path';
import type { Logger } from '../common/logger.js';
import type { ContentFile, ContentFiles } from './content-files.js';
import { HistoryRepository } from './history-repository.js';
import type { RunRecord, StoredFileRef } from './history-types.js';
import type { Store } from './open-store.js';

/**
 * A finished job as the Gradio layer knows it (main/server/gradio/event-job.ts): the record minus
 * the project (the recorder is per project), its values in Gradio's wire form, and a way to find
 * the files those values name.
 */
export interface FinishedJob extends Omit<RunRecord, 'project'> {
  /** The real path of a file a value names, if the server holds it (its uploads and outputs); else null. */
  readonly resolveFile: (filePath: string) => Promise<string | null>;
}

/** The server's hook (startServer's `history` option): called once per job, whatever its outcome. */
export interface HistoryRecorder {
  /** Copies the job's files and queues its row; resolves when both are done. Never rejects. */
  record(job: FinishedJob): Promise<void>;
  /** Resolves when every record begun so far is queued for the writer thread (a closing server waits for it). */
  settled(): Promise<void>;
}

interface FileLike {
  readonly path: string;
  readonly orig_name?: string | null;
  readonly mime_type?: string | null;
}

/** Gradio's FileData (`meta._type`), the only value shape that names a file on the server. */
function isFileData(value: unknown): value is FileLike {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as { path?: unknown; meta?: { _type?: unknown } };
  return typeof record.path === 'string' && record.meta?._type === 'gradio.FileData';
}

/** Whether `value` holds a FileData anywhere (checked first: most values hold none, and skip the async walk). */
function holdsFile(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsFile);
  if (typeof value !== 'object' || value === null) return false;
  return isFileData(value) || Object.values(value).some(holdsFile);
}

/**
 * Replaces every FileData in `value` by a StoredFileRef once its bytes are in ContentFiles; a file
 * the server no longer holds (or never did, such as a URL) keeps its FileData, minus nothing.
 */
async function storeFiles(value: unknown, job: FinishedJob, files: ContentFiles, used: Map<string, ContentFile>): Promise<unknown> {
  if (!holdsFile(value)) return value;
  if (Array.isArray(value)) return Promise.all(value.map((item) => storeFiles(item, job, files, used)));
  if (isFileData(value)) {
    const real = await job.resolveFile(value.path);
    if (real === null) return value;
    const stored = await files.put(real);
    used.set(stored.sha256, stored);
    const ref: StoredFileRef = {
      $file: stored.sha256,
      name: path.basename(value.orig_name ?? value.path),
      mime: value.mime_type ?? null,
      size: stored.size,
    };
    return ref;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await storeFiles(item, job, files, used)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

const RECORDED = Promise.resolve();

/**
 * The HistoryRecorder of one project over a Store: files into ContentFiles (here: the job's uploads
 * are released once they are copied), then the run to the store's writer thread, which builds and
 * commits its row.
 */
export function createHistoryRecorder(options: {
  readonly store: Store;
  readonly project: string;
  readonly logger: Logger;
}): HistoryRecorder {
  const history = new HistoryRepository(options.store);
  const logger = options.logger.child('history');
  const inFlight = new Set<Promise<void>>();
  const post = (job: FinishedJob, inputs: readonly unknown[], outputs: readonly unknown[] | null, files: readonly ContentFile[]): void => {
    const { resolveFile: _resolve, ...fields } = job;
    history.record({ ...fields, project: options.project, inputs, outputs }, files);
  };
  const failed = (job: FinishedJob, error: unknown): void => {
    logger.warn('a run could not be recorded in history', { id: job.id, error: String(error) });
  };
  const withFiles = async (job: FinishedJob): Promise<void> => {
    try {
      const used = new Map<string, ContentFile>();
      const inputs = (await storeFiles(job.inputs, job, options.store.files, used)) as unknown[];
      const outputs = job.outputs === null ? null : ((await storeFiles(job.outputs, job, options.store.files, used)) as unknown[]);
      post(job, inputs, outputs, [...used.values()]);
    } catch (error) {
      failed(job, error);
    }
  };
  return {
    record(job) {
      // Most runs name no file: posted at once, with no promise to track (the main thread's whole share).
      if (!holdsFile(job.inputs) && !holdsFile(job.outputs)) {
        try {
          post(job, job.inputs, job.outputs, []);
        } catch (error) {
          failed(job, error);
        }
        return RECORDED;
      }
      const recording = withFiles(job);
      inFlight.add(recording);
      void recording.then(() => inFlight.delete(recording));
      return recording;
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}
