import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { AppError } from '../../../preload/shared/errors.js';
import type { App } from '../../../preload/shared/project/normalize.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { sanitizeFileName } from '../../server/gradio/file-store.js';
import type { FileValue } from '../../engine/values.js';
import { isBlobRef, type BlobRef, type QueueJob } from '../job-data.js';
import { findBlob, type JobValues, type PreparedJob } from './job-values.js';
import { OutputBlobs } from './output-blobs.js';

/**
 * Job values through a blob store shared with the fronts (docs/scale-out.md, "Files"). Before a
 * run, each BlobRef input is copied into a private folder of the job (`<tmp>/dd-job-*`/in) and
 * handed to the engine as a local file value, as on one machine; the run writes its files into
 * the same folder (`out`, its `ctx.outputDir`); after it, file outputs go to the store as
 * BlobRefs (output-blobs.ts), and the folder is removed when the job is over. A store with local
 * files (a shared folder) is read in place.
 */

export interface BlobJobValuesOptions {
  readonly store: BlobStore;
  readonly app: App;
  /** project.json `allowedPaths`, absolute: besides the job's folder, the only places an output file may come from. */
  readonly allowedPaths: readonly string[];
  /** Where jobs' folders are made (default the system temp folder). */
  readonly tempRoot?: string;
  /** For the message of a missing input: how long the store keeps a file after its last use. */
  readonly retentionMs: number;
}

/** Inputs made local so far: a counter for their folders, and their real paths. */
interface Materialized {
  next: number;
  readonly files: Set<string>;
}

export class BlobJobValues implements JobValues {
  constructor(private readonly options: BlobJobValuesOptions) {}

  async prepare(job: QueueJob): Promise<PreparedJob> {
    const root = this.options.tempRoot ?? os.tmpdir();
    const dir = await realpath(await mkdtemp(path.join(root, 'dd-job-')));
    const release = (): Promise<void> => rm(dir, { recursive: true, force: true });
    try {
      const counter = { next: 0, files: new Set<string>() };
      // Most jobs carry no file: their inputs go as they are, without a promise per value.
      const inputs =
        findBlob(job.inputs, 'inputs') === undefined
          ? [...job.inputs]
          : await Promise.all(job.inputs.map((value) => this.materialize(job, value, dir, counter)));
      const outputDir = path.join(dir, 'out');
      await mkdir(outputDir, { mode: 0o700 });
      const outputs = new OutputBlobs({ ...this.options, job, jobDir: dir, inputFiles: counter.files });
      return { inputs, outputDir, output: (values) => outputs.convert(values), release };
    } catch (error) {
      await release();
      throw error;
    }
  }

  /** `value` with each BlobRef in it as a local file value. */
  private async materialize(job: QueueJob, value: unknown, dir: string, counter: Materialized): Promise<unknown> {
    if (isBlobRef(value)) {
      const file = await this.fetch(job, value, dir, counter.next++);
      // A function may hand an input back as an output (an echo): its real path may leave too.
      counter.files.add(await realpath(file.path));
      return file;
    }
    if (Array.isArray(value)) return Promise.all(value.map((item: unknown) => this.materialize(job, item, dir, counter)));
    if (value !== null && typeof value === 'object') {
      const entries = await Promise.all(
        Object.entries(value).map(async ([key, inner]) => [key, await this.materialize(job, inner, dir, counter)] as const),
      );
      return Object.fromEntries(entries);
    }
    return value;
  }

  private async fetch(job: QueueJob, ref: BlobRef, dir: string, n: number): Promise<FileValue> {
    const name = sanitizeFileName(ref.origName ?? ref.key.split('/').pop() ?? 'file');
    const { store } = this.options;
    let file = store.localPath(ref.key);
    if (file === undefined || (await store.stat(ref.key)) === undefined) {
      // Its own sub-folder per input: two inputs named alike keep their names.
      file = path.join(dir, 'in', String(n), name);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const source = await store.get(ref.key).catch((error: unknown) => {
        throw error instanceof AppError && error.code === 'NOT_FOUND' ? this.missing(job, ref) : error;
      });
      await pipeline(source, createWriteStream(file, { mode: 0o600 }));
    }
    return {
      kind: 'file',
      path: file,
      ...(ref.origName !== undefined ? { origName: ref.origName } : {}),
      ...(ref.mimeType !== undefined ? { mimeType: ref.mimeType } : {}),
    };
  }

  private missing(job: QueueJob, ref: BlobRef): AppError {
    const minutes = Math.round(this.options.retentionMs / 60_000);
    return new AppError(
      'NOT_FOUND',
      `Job ${job.id} (${job.event}): the input file "${ref.origName ?? ref.key}" is no longer in the blob store (key "${ref.key}"): ` +
        `files are kept ${minutes} minute(s) after their last use. Upload it again and run the job again.`,
    );
  }
}
