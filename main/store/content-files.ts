import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isFile } from '../common/path-kind.js';

/** A stored file: its SHA-256 (hex) names it. */
export interface ContentFile {
  readonly sha256: string;
  readonly size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed copies beside the database: `<dataDir>/files/<aa>/<sha256>`, where `aa` is the
 * hash's first two hex digits. A file is stored once whatever its name or how many runs use it.
 * A copy is written to `files/tmp/` while it is hashed, flushed, then renamed into place (atomic),
 * so a reader never sees a part and a crash leaves only a temporary file (removed by `sweepTemp`).
 * Putting a file that is already there refreshes its time, which keeps a retention sweep from
 * removing it before the run that uses it is committed (see retention.ts, its grace period).
 */
export class ContentFiles {
  readonly root: string;
  private readonly tmp: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'files');
    this.tmp = path.join(this.root, 'tmp');
  }

  path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256 content name: ${JSON.stringify(sha256)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): Promise<boolean> {
    return isFile(this.path(sha256));
  }

  /** Copies `sourcePath` in (once: a file already stored is not copied again). */
  async put(sourcePath: string): Promise<ContentFile> {
    return this.store((hasher, target) => pipeline(createReadStream(sourcePath), hasher, target));
  }

  /** Stores bytes (an export, a generated file) the same way as `put`. */
  async putBytes(bytes: Uint8Array): Promise<ContentFile> {
    return this.store(async (hasher, target) => {
      hasher.end(bytes);
      await pipeline(hasher, target);
    });
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  /** Every stored file with its size and last put time (ms), for retention. */
  async *list(): AsyncGenerator<ContentFile & { readonly mtimeMs: number }> {
    const shards = await readdir(this.root).catch(() => [] as string[]);
    for (const shard of shards.filter((name) => /^[0-9a-f]{2}$/.test(name))) {
      const names = await readdir(path.join(this.root, shard)).catch(() => [] as string[]);
      for (const name of names.filter((n) => SHA256.test(n))) {
        const info = await stat(path.join(this.root, shard, name)).catch(() => null);
        if (info?.isFile()) yield { sha256: name, size: info.size, mtimeMs: info.mtimeMs };
      }
    }
  }

  /** Removes temporary files a crashed copy left (none is in use while no put runs). */
  async sweepTemp(olderThanMs: number, now = Date.now()): Promise<number> {
    const names = await readdir(this.tmp).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tmp, name);
      const info = await stat(file).catch(() => null);
      if (info && now - info.mtimeMs > olderThanMs) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private async store(write: (hasher: Transform, target: NodeJS.WritableStream) => Promise<void>): Promise<ContentFile> {
    await mkdir(this.tmp, { recursive: true });
    const temp = path.join(this.tmp, `${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      // `flush`: the bytes reach the disk before the rename makes them visible under their name.
      await write(hasher, createWriteStream(temp, { flags: 'wx', mode: 0o644, flush: true }));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    return this.place(temp, { sha256, size });
  }

  private async place(temp: string, file: ContentFile): Promise<ContentFile> {
    const target = this.path(file.sha256);
    if (await this.has(file.sha256)) {
      await rm(temp, { force: true });
      const now = new Date();
      await utimes(target, now, now).catch(() => undefined);
      return file;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
    return file;
  }
}
