import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../preload/shared/errors.js';
import { checkBlobKey } from './blob-key.js';
import type { BlobData, BlobStat, BlobStore } from './blob-store.js';

/**
 * The default BlobStore: one folder on this machine, a key's parts as sub-folders
 * (`uploads/<sha>/a.png` is `<root>/uploads/<sha>/a.png`). Folders are private to this user
 * (uploads may be personal files, and tmp is shared on Linux). A put writes a temporary file
 * beside the target and renames it over the target, so a reader never sees half a blob.
 */
export class FolderBlobStore implements BlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  localPath(key: string): string {
    return path.join(this.root, ...checkBlobKey(key).split('/'));
  }

  /** The key of a local file inside this folder (today's absolute paths), or undefined outside it. */
  keyOf(file: string): string | undefined {
    const relative = path.relative(this.root, path.resolve(file));
    if (relative === '' || path.isAbsolute(relative) || relative.split(path.sep)[0] === '..') return undefined;
    return relative.split(path.sep).join('/');
  }

  async put(key: string, data: BlobData, signal?: AbortSignal): Promise<BlobStat> {
    const target = this.localPath(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.part`);
    try {
      // Opened before the pipeline starts, so the temporary file exists by the time a failure removes it.
      const sink = (await open(temp, 'wx', 0o600)).createWriteStream();
      const source = data instanceof Uint8Array ? Readable.from([data]) : data;
      await (signal ? pipeline(source, sink, { signal }) : pipeline(source, sink));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return this.statOf(target, key);
  }

  async get(key: string): Promise<Readable> {
    const file = this.localPath(key);
    await this.statOf(file, key);
    return createReadStream(file);
  }

  async stat(key: string): Promise<BlobStat | undefined> {
    return this.statOf(this.localPath(key), key).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
  }

  async remove(key: string, options: { readonly prefix?: boolean } = {}): Promise<boolean> {
    const target = this.localPath(key);
    const info = await stat(target).catch(() => undefined);
    if (!info || (!options.prefix && !info.isFile())) return false;
    await rm(target, { recursive: options.prefix === true, force: true });
    return true;
  }

  private async statOf(file: string, key: string): Promise<BlobStat> {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new AppError('NOT_FOUND', `No blob "${key}" in the store.`);
    return { size: info.size, modifiedMs: info.mtimeMs };
  }
}
