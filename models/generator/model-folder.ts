/**
 * The in-memory form of one generated model folder: relative path -> file bytes.
 * Generation never touches the disk until `writeModelFolder`, so the determinism test can
 * regenerate everything in memory and compare against the committed files.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export type ModelFolder = Map<string, Uint8Array>;

/** JSON with a fixed layout (2-space indent, trailing newline) so output bytes are stable. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Replaces `dir` with exactly the files in `folder` (stale files from older layouts vanish). */
export async function writeModelFolder(dir: string, folder: ModelFolder): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  for (const [relPath, bytes] of [...folder.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const target = join(dir, relPath);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
}
