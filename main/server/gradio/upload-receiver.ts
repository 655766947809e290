import busboy, { type Busboy, type FileInfo } from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from '../http-error.js';
import type { FileStore } from './file-store.js';
import type { UploadSlot } from './upload-gate.js';
import { diskFull, fileTooLarge, tooManyFiles, type UploadLimits } from './upload-limits.js';
import type { Uploads } from './uploads.js';

/**
 * Receives one multipart/form-data upload (busboy), streaming each part named `files` to disk:
 * hashed and counted while it arrives, written to the incoming folder, then renamed into
 * `<uploads>/<sha256>/<name>`. Nothing is buffered beyond the streams' own chunks, whatever the
 * size. The first problem (a limit, a malformed body, the client going away) stops the request
 * and removes every file it had not finished.
 */

export interface ReceiveOptions {
  readonly uploads: Uploads;
  readonly files: FileStore;
  readonly slot: UploadSlot;
}

/** Room for non-file fields; Gradio's clients send none. */
const FIELD_LIMIT = 64 * 1024;

function parser(req: IncomingMessage, limits: UploadLimits): Busboy {
  try {
    return busboy({
      headers: req.headers,
      // Browsers send UTF-8 file names unencoded in the quoted filename parameter.
      defParamCharset: 'utf8',
      limits: { fileSize: limits.maxFileSize, files: limits.maxFilesPerUpload, fields: 100, fieldSize: FIELD_LIMIT, headerPairs: 100 },
    });
  } catch (error) {
    throw new HttpError(
      400,
      `Upload with Content-Type multipart/form-data (with a boundary) and one or more parts named "files" (${(error as Error).message}).`,
    );
  }
}

/** Counts each chunk against the upload limits before it is written, and hashes it. */
function meter(slot: UploadSlot, hash: ReturnType<typeof createHash>, counted: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        slot.reserve(chunk.length);
      } catch (error) {
        done(error as Error);
        return;
      }
      counted.bytes += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

function storageError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? diskFull() : error;
}

/** One part: streamed to an incoming file, then stored. Resolves to its upload path. */
async function receiveFile(stream: Readable, info: FileInfo, options: ReceiveOptions, partial: Set<string>): Promise<string> {
  const { slot, uploads, files } = options;
  const incoming = files.incomingPath();
  partial.add(incoming);
  const hash = createHash('sha256');
  const counted = { bytes: 0 };
  const state = { truncated: false };
  stream.once('limit', () => {
    state.truncated = true;
    stream.destroy(fileTooLarge(uploads.limits));
  });
  try {
    await pipeline(stream, meter(slot, hash, counted), createWriteStream(incoming, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    throw state.truncated ? fileTooLarge(uploads.limits) : storageError(error);
  }
  try {
    const stored = await uploads.store(slot, incoming, hash.digest('hex'), info.filename ?? 'file', counted.bytes);
    partial.delete(incoming);
    return stored;
  } catch (error) {
    throw storageError(error);
  }
}

/** Receives the request's files in order; throws HttpError for every way it can fail. */
export function receiveUpload(req: IncomingMessage, options: ReceiveOptions): Promise<string[]> {
  const parts = parser(req, options.uploads.limits);
  const partial = new Set<string>();
  const pending: Promise<string>[] = [];
  return new Promise<string[]>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      req.unpipe(parts);
      parts.removeAllListeners('file');
      // Every stream of the request stops; files it had not finished are removed.
      parts.destroy();
      void Promise.allSettled(pending)
        .then(() => Promise.all([...partial].map((file) => rm(file, { force: true }))))
        .finally(() => reject(error instanceof Error ? error : new Error(String(error))));
    };
    parts.on('file', (name, stream, info) => {
      if (name !== 'files') {
        stream.resume();
        return;
      }
      const received = receiveFile(stream, info, options, partial);
      received.catch(fail);
      pending.push(received);
    });
    parts.once('filesLimit', () => fail(tooManyFiles(options.uploads.limits)));
    parts.once('partsLimit', () => fail(new HttpError(400, 'Too many parts in the multipart body.')));
    parts.once('fieldsLimit', () => fail(new HttpError(400, 'Too many fields in the multipart body; send only parts named "files".')));
    // `on`, not `once`: destroying the parser mid-body (fail() does) emits a second error,
    // "Unexpected end of form", and an unheard 'error' event takes the whole process down.
    parts.on('error', (error: Error) => fail(new HttpError(400, `Malformed multipart body: ${error.message}.`)));
    parts.once('close', () => {
      if (settled) return;
      Promise.all(pending).then((paths) => {
        if (settled) return;
        if (paths.length === 0) {
          fail(
            new HttpError(
              400,
              'The upload has no file in a part named "files": send each file as a part with ' +
                '`Content-Disposition: form-data; name="files"; filename="<its name>"` (a part without a filename is a field, not a file).',
            ),
          );
          return;
        }
        settled = true;
        resolve(paths);
      }, fail);
    });
    // The client went away before the body was complete: stop, and leave no partial file.
    req.once('close', () => {
      if (!req.complete) fail(new HttpError(400, 'The upload was aborted before it was complete.'));
    });
    req.pipe(parts);
  });
}
