import path from 'node:path';
import { KeyedLock } from '../../common/keyed-lock.js';
import type { Logger } from '../../common/logger.js';
import { isFileValue } from '../../engine/values.js';
import { HttpError } from '../http-error.js';
import type { FileStore } from './file-store.js';
import { UploadGate, type UploadSlot } from './upload-gate.js';
import { UploadLedger } from './upload-ledger.js';
import type { UploadLimits } from './upload-limits.js';

/**
 * The lifetime of uploaded files: admission (UploadGate), who holds each file (UploadLedger), and
 * the disk (FileStore). Files go when nothing holds them any more: their session ended, or
 * nothing used them for `uploadRetentionMs`; never while a job uses them. A sweep every so often
 * finds the expired ones; the rest are deleted the moment their last holder lets go.
 */

export interface UploadsOptions {
  readonly files: FileStore;
  readonly limits: UploadLimits;
  readonly logger: Logger;
  /** The ledger's clock; tests pass their own. */
  readonly now?: () => number;
}

/**
 * Absolute paths of the file values in converted inputs: an input is a file, or a list of files
 * (a gallery, a multiple-file input), as values-in.ts makes them. Nothing deeper is looked at: a
 * hostile input may be nested thousands of levels deep.
 */
export function inputFiles(inputs: readonly unknown[]): string[] {
  const paths: string[] = [];
  // Plain loops: every call walks its inputs (a 256-number row is 256 items), and flatMap
  // allocated an array per item (~55 µs a row here).
  // By index, not for...of: an iterator over a row of numbers boxed each one (4 KB a 256-float row).
  for (let i = 0; i < inputs.length; i++) {
    const value = inputs[i];
    if (!Array.isArray(value)) {
      if (isFileValue(value)) paths.push(value.path);
      continue;
    }
    const items = value as unknown[];
    for (let j = 0; j < items.length; j++) {
      const item = items[j];
      if (isFileValue(item)) paths.push(item.path);
    }
  }
  return paths;
}

export class Uploads {
  readonly ledger: UploadLedger;
  readonly gate: UploadGate;
  private readonly folders = new KeyedLock();
  private readonly deleting = new Set<Promise<void>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: UploadsOptions) {
    this.ledger = new UploadLedger(options.limits.uploadRetentionMs, options.now);
    this.gate = new UploadGate(this.ledger, options.limits);
    // Often enough that an expired file outlives its retention by at most half of it (30 s at most).
    const every = Math.min(30_000, Math.max(50, options.limits.uploadRetentionMs / 2));
    this.sweeper = setInterval(() => this.remove(this.ledger.expire()), every);
    this.sweeper.unref();
  }

  get limits(): UploadLimits {
    return this.options.limits;
  }

  /** Limits count per `client` (a network address); a share-link `visitor` owns the files it sends. */
  admit(client: string, declared: number | null, visitor: string | null = null): UploadSlot {
    return this.gate.admit(client, declared, visitor);
  }

  /**
   * A completely received file (`received`, `size` bytes reserved by `slot`) takes its place as
   * `<sha256>/<name>` and is counted as stored; resolves to its path. The same content under the
   * same name is one file, whoever sent it.
   */
  async store(slot: UploadSlot, received: string, digest: string, name: string, size: number): Promise<string> {
    const target = this.options.files.uploadTarget(digest, name);
    try {
      // One at a time per folder: a deletion must not remove the folder between mkdir and rename.
      await this.folders.run(path.dirname(target), async () => {
        await this.options.files.placeUpload(received, target);
        this.ledger.stored(target, size, slot.client, slot.visitor);
      });
    } finally {
      slot.unreserve(size);
    }
    return target;
  }

  /**
   * A job starts with these inputs: pins their files until the returned release is called, and
   * ties them to the session. Throws 400 when a file was deleted in the meantime, and 403 when a
   * share-link `visitor` names a file they did not upload themselves (another visitor's, the owner's).
   */
  use(inputs: readonly unknown[], session: string | null, client: string, visitor: string | null = null): () => void {
    const paths = inputFiles(inputs);
    if (paths.length === 0) return () => undefined;
    const foreign = visitor === null ? undefined : paths.find((file) => !this.ledger.uploadedBy(file, visitor));
    if (foreign !== undefined) {
      // One answer whether the file is someone else's or gone: a visitor learns nothing about others' files.
      throw new HttpError(
        403,
        `The file ${foreign} is not one you uploaded through this share link (or it was deleted). ` +
          'Upload it yourself with POST /gradio_api/upload and pass the path that answer gives.',
      );
    }
    if (!this.ledger.use(paths, session, client)) {
      const gone = paths.find((file) => !this.ledger.has(file)) ?? paths[0];
      throw new HttpError(
        400,
        `The uploaded file ${gone} is no longer on this server: uploads are deleted when their session ends or ` +
          `${Math.round(this.limits.uploadRetentionMs / 60_000)} minute(s) after their last use. Upload it again with POST /gradio_api/upload.`,
      );
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.remove(this.ledger.release(paths, session));
    };
  }

  /** The session is over (its client went away): its files are deleted unless a job or another holder keeps them. */
  endSession(session: string): void {
    this.remove(this.ledger.endSession(session));
  }

  /** Stops the sweep and waits for deletions under way (the folder itself is the owner's to remove). */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.deleting]);
  }

  private remove(paths: readonly string[]): void {
    for (const file of paths) {
      const done = this.folders
        .run(path.dirname(file), async () => {
          // Uploaded again while this deletion waited: it is live, keep it.
          if (!this.ledger.has(file)) await this.options.files.deleteUpload(file);
        })
        .catch((error: unknown) => this.options.logger.warn('could not delete an upload', { file, error: String(error) }))
        .finally(() => this.deleting.delete(done));
      this.deleting.add(done);
    }
  }
}
