import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never a part: the bytes go to a
 * temporary file beside the target (same folder, so same file system), are flushed to disk, and
 * the temporary file is renamed over the target (atomic on POSIX and on NTFS). A failure removes
 * the temporary file and leaves the target as it was. An existing target keeps its permissions.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const keep =
    mode ??
    (await stat(target)
      .then((info) => info.mode & 0o777)
      .catch(() => undefined));
  try {
    const handle = await open(temp, 'wx', keep ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
