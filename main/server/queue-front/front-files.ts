import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../../preload/shared/errors.js';
import { blobKeyProblem } from '../../blobs/blob-key.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { RedisBlobStore } from '../../blobs/redis-blob-store.js';
import type { BlobRef } from '../../queue/job-data.js';
import { HttpError } from '../http-error.js';
import { mimeFromName } from '../mime.js';
import type { RequestContext } from '../router.js';
import { sendFile } from '../send-file.js';
import type { FileDataInput } from '../gradio/file-data.js';
import type { FileStore } from '../gradio/file-store.js';
import type { QueueFiles } from '../gradio/gradio-queue.js';

/**
 * A front's files in the blob store every front and worker shares (docs/scale-out.md, "Files"),
 * so no request needs the front that saw the one before it: an upload received here is stored as
 * `uploads/<sha256>/<name>` and that key is the path the client passes back; a join turns it into
 * a BlobRef; `file=<key>` is served from the store by any front. Only keys under `uploads/` and
 * `outputs/` are ever served or accepted, checked as keys (no "..", no absolute path) first.
 */

const SERVED = /^(uploads|outputs)\//;

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class FrontFiles implements QueueFiles {
  constructor(
    private readonly store: BlobStore,
    private readonly files: FileStore,
    private readonly retentionMs: number,
  ) {}

  async shareUploads(paths: readonly string[]): Promise<string[]> {
    return Promise.all(
      paths.map(async (file) => {
        // Already content-addressed here (<uploads>/<sha256>/<name>): the same layout is the key.
        const key = ['uploads', ...path.relative(this.files.uploadRoot, file).split(path.sep)].join('/');
        try {
          await this.store.put(key, createReadStream(file));
        } catch (error) {
          if (error instanceof AppError && error.code === 'LIMIT_EXCEEDED') throw new HttpError(413, error.message);
          throw error;
        }
        return key;
      }),
    );
  }

  async serve(rc: RequestContext, requested: string): Promise<void> {
    if (blobKeyProblem(requested) !== undefined || !SERVED.test(requested)) throw new HttpError(403, `File not allowed: ${requested}.`);
    const stat = await this.store.stat(requested);
    if (!stat) throw new HttpError(404, `File not found: ${requested} (files are kept ${this.minutes()} after their last use).`);
    const name = requested.split('/').pop() ?? 'file';
    const mimeType = mimeFromName(name) ?? 'application/octet-stream';
    const local = this.store.localPath(requested);
    if (local !== undefined) {
      sendFile(rc.req, rc.res, { path: local, size: stat.size, mimeType });
      return;
    }
    const bytes = this.store instanceof RedisBlobStore ? await this.store.bytes(requested) : await collect(await this.store.get(requested));
    sendFile(rc.req, rc.res, {
      path: name,
      size: bytes.length,
      mimeType,
      read: (start, end) => Readable.from([bytes.subarray(start, end + 1)]),
    });
  }

  /**
   * A file input of a join: the key of an upload still in the store, as a BlobRef. 400 saying
   * what to do for anything else (a path that is no upload key, an upload that expired).
   */
  async input(data: FileDataInput, what: string): Promise<BlobRef> {
    const key = data.path;
    if (blobKeyProblem(key) !== undefined || !key.startsWith('uploads/')) {
      throw new HttpError(
        400,
        `Input ${what}: "${key}" is not an uploaded file. Upload it first with POST /gradio_api/upload and pass the path it returns.`,
      );
    }
    const stat = await this.store.stat(key);
    if (!stat) {
      throw new HttpError(
        400,
        `The uploaded file ${key} is no longer stored: uploads are deleted ${this.minutes()} after their last use. ` +
          'Upload it again with POST /gradio_api/upload.',
      );
    }
    const origName = data.orig_name ? path.basename(data.orig_name) : undefined;
    const mimeType = data.mime_type ?? mimeFromName(origName ?? key);
    return {
      kind: 'blob',
      key,
      size: stat.size,
      ...(origName !== undefined ? { origName } : {}),
      ...(mimeType !== undefined ? { mimeType } : {}),
    };
  }

  private minutes(): string {
    return `${Math.round(this.retentionMs / 60_000)} minute(s)`;
  }
}
