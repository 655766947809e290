import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isStrictlyInside } from '../path-guard.js';

/**
 * The folders this server controls: uploads (`<uploadDir>/<sha256>/<name>`, Gradio's layout;
 * their lifetime is uploads.ts's business), incoming (uploads still arriving), outputs (files
 * engines returned) and runs (one private folder per job, a JS function's `ctx.outputDir`). Only files inside uploads and outputs are ever served or accepted as inputs,
 * so a client can neither read nor feed the engine arbitrary paths; a run folder's files are
 * copied into outputs when its job returns them, and the folder goes when the job is over.
 */

export interface FileStoreOptions {
  readonly uploadDir?: string | undefined;
  readonly outputDir?: string | undefined;
  readonly runDir?: string | undefined;
  /** Uploads being received (never served, never inputs); renamed into uploadDir once complete. */
  readonly incomingDir?: string | undefined;
}

export type Lookup =
  { readonly kind: 'file'; readonly path: string; readonly size: number } | { readonly kind: 'forbidden' } | { readonly kind: 'missing' };

const MAX_NAME_LENGTH = 200;

/** A safe single path segment: no separators, controls or reserved characters, no leading dots. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(-MAX_NAME_LENGTH);
  return cleaned === '' ? 'file' : cleaned;
}

async function ensureDir(dir: string): Promise<string> {
  // Private to this user: uploads may be personal files, and tmp is shared on Linux.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return realpath(dir);
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export class FileStore {
  private constructor(
    readonly uploadRoot: string,
    readonly outputRoot: string,
    readonly runRoot: string,
    readonly incomingRoot: string,
  ) {}

  static async create(options: FileStoreOptions = {}): Promise<FileStore> {
    const base = path.join(os.tmpdir(), 'demo-desktop');
    const uploadRoot = await ensureDir(options.uploadDir ?? path.join(base, 'uploads'));
    const outputRoot = await ensureDir(options.outputDir ?? path.join(base, 'outputs'));
    const runRoot = await ensureDir(options.runDir ?? path.join(base, 'runs'));
    const incomingRoot = await ensureDir(options.incomingDir ?? path.join(base, 'incoming'));
    return new FileStore(uploadRoot, outputRoot, runRoot, incomingRoot);
  }

  /** A fresh name for a file being received. */
  incomingPath(): string {
    return path.join(this.incomingRoot, `${randomBytes(12).toString('hex')}.part`);
  }

  /** Where an upload with this content and name lives: `<uploadRoot>/<sha256>/<safe name>` (Gradio's layout). */
  uploadTarget(digest: string, name: string): string {
    return path.join(this.uploadRoot, digest, sanitizeFileName(name));
  }

  /** Moves a completely received file to its place in the upload folder (atomically: readers never see half a file). */
  async placeUpload(received: string, target: string): Promise<void> {
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    try {
      await rename(received, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // Folders on different file systems (custom options): copy, then rename inside the target's.
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await copyFile(received, temp);
      await rename(temp, target);
      await rm(received, { force: true });
    }
  }

  /** Deletes an upload, and its `<sha256>` folder once no other name is left in it. */
  async deleteUpload(file: string): Promise<void> {
    if (!isStrictlyInside(this.uploadRoot, file)) return;
    await rm(file, { force: true });
    await rmdir(path.dirname(file)).catch(() => undefined);
  }

  /**
   * The path of a new private folder for one job's output files (a real path, below runRoot);
   * removeRunDir when the job is over. Only the path: the folder is made where a file is first
   * written to it (a JS function reading `ctx.outputDir`, a batch copying a member's files), so a
   * run that writes no file costs no mkdir.
   */
  runDirFor(): string {
    // One per job: randomUUID draws from Node's batch of random bytes (randomBytes is a call into OpenSSL each time).
    return path.join(this.runRoot, randomUUID());
  }

  async removeRunDir(dir: string): Promise<void> {
    // Only ever below runRoot: a bug elsewhere must not turn this into `rm -r` of anything else.
    if (!isStrictlyInside(this.runRoot, dir)) return;
    // Most runs never make their folder (a model function writes no file). `rm` would find that
    // out with an lstat whose ENOENT error, stack trace included, is built on every request
    // (~75 µs of CPU here); an existence check answers the same without an error (~5 µs).
    if (!existsSync(dir)) return;
    await rm(dir, { recursive: true, force: true });
  }

  /** True for a real path inside the upload or output folder. */
  owns(realFile: string): boolean {
    return this.isOurs(realFile);
  }

  saveOutput(name: string, data: Uint8Array): Promise<string> {
    return this.store(this.outputRoot, name, data);
  }

  /**
   * Makes an engine-produced file servable: outputs stay, others (a run folder's, a project file
   * listed in allowedPaths, an upload) are copied in. `real` is the file's already-checked real path.
   */
  async adoptOutput(real: string): Promise<string> {
    if (isStrictlyInside(this.outputRoot, real)) return real;
    const digest = await hashFile(real);
    const dir = path.join(this.outputRoot, digest);
    const target = path.join(dir, sanitizeFileName(path.basename(real)));
    if (await exists(target)) return target;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await copyFile(real, temp);
    await rename(temp, target);
    return target;
  }

  /**
   * Where a client-named file really is, if it is one of ours; symlinks cannot lead outside.
   * `uploads` restricts it to the upload folder (file inputs); `any` also allows outputs (serving).
   */
  async lookup(requested: string, scope: 'any' | 'uploads' = 'any'): Promise<Lookup> {
    if (requested.includes('\0') || !path.isAbsolute(requested)) return { kind: 'forbidden' };
    const allowed = scope === 'uploads' ? (file: string) => isStrictlyInside(this.uploadRoot, file) : (file: string) => this.isOurs(file);
    const resolved = path.resolve(requested);
    if (!allowed(resolved)) return { kind: 'forbidden' };
    let real: string;
    try {
      real = await realpath(resolved);
    } catch {
      return { kind: 'missing' };
    }
    if (!allowed(real)) return { kind: 'forbidden' };
    try {
      const info = await stat(real);
      return info.isFile() ? { kind: 'file', path: real, size: info.size } : { kind: 'missing' };
    } catch {
      return { kind: 'missing' };
    }
  }

  /** The first bytes of a file we control, for type sniffing. */
  async head(file: string, length = 16): Promise<Uint8Array> {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  private isOurs(file: string): boolean {
    return isStrictlyInside(this.uploadRoot, file) || isStrictlyInside(this.outputRoot, file);
  }

  private async store(root: string, name: string, data: Uint8Array): Promise<string> {
    const digest = createHash('sha256').update(data).digest('hex');
    const dir = path.join(root, digest);
    const target = path.join(dir, sanitizeFileName(name));
    if (await exists(target)) return target;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Write then rename, so a concurrent reader never sees half a file.
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, data, { mode: 0o600 });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return target;
  }
}
