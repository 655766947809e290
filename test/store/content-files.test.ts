import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentFiles } from '../../main/store/content-files.js';
import { useDataDirs } from './support.js';

const dataDir = useDataDirs();
const sha = (bytes: string): string => createHash('sha256').update(bytes).digest('hex');

describe('ContentFiles', () => {
  it('stores a file under its SHA-256, once for any number of copies and names', async () => {
    const dir = await dataDir();
    const files = new ContentFiles(dir);
    await writeFile(path.join(dir, 'a.txt'), 'same bytes');
    await writeFile(path.join(dir, 'b.bin'), 'same bytes');
    const first = await files.put(path.join(dir, 'a.txt'));
    const second = await files.put(path.join(dir, 'b.bin'));
    const third = await files.putBytes(new TextEncoder().encode('same bytes'));
    expect(first).toEqual({ sha256: sha('same bytes'), size: 10 });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(files.path(first.sha256)).toBe(path.join(dir, 'files', first.sha256.slice(0, 2), first.sha256));
    expect(await readFile(files.path(first.sha256), 'utf8')).toBe('same bytes');
    const listed = [];
    for await (const file of files.list()) listed.push(file.sha256);
    expect(listed).toEqual([first.sha256]);
    // Nothing half-written is left behind.
    expect(await readdir(path.join(dir, 'files', 'tmp'))).toEqual([]);
    expect(await files.has(first.sha256)).toBe(true);
    await files.remove(first.sha256);
    expect(await files.has(first.sha256)).toBe(false);
  });

  it('leaves no file when the source cannot be read', async () => {
    const dir = await dataDir();
    const files = new ContentFiles(dir);
    await expect(files.put(path.join(dir, 'missing.txt'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(path.join(dir, 'files', 'tmp'))).toEqual([]);
  });

  it('refuses a name that is not a hash (no path tricks)', () => {
    expect(() => new ContentFiles('/data').path('../../etc/passwd')).toThrow(/Not a SHA-256/);
  });
});
