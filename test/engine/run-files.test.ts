import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyRunFiles } from '../../main/engine/run-files.js';
import { tempDir } from '../runtimes/support.js';

/** A batch's files, written into the first job's run folder, copied into another job's folder. */

let dir: { path: string; remove: () => Promise<void> };
let from: string;
let to: string;

beforeEach(async () => {
  dir = await tempDir('run-files');
  from = join(dir.path, 'first');
  to = join(dir.path, 'second');
  await mkdir(join(from, 'sub'), { recursive: true });
  await mkdir(to);
  await writeFile(join(from, 'a.txt'), 'a');
  await writeFile(join(from, 'sub', 'b.txt'), 'b');
});
afterEach(async () => dir.remove());

describe('copyRunFiles', () => {
  it('copies file values and bare paths below the shared folder, at any depth, once each', async () => {
    const outside = join(dir.path, 'elsewhere.txt');
    const value = [
      { kind: 'file', path: join(from, 'a.txt'), origName: 'a.txt' },
      [[join(from, 'sub', 'b.txt'), 'caption'], { image: join(from, 'a.txt') }],
      outside,
      'plain text',
      42,
    ];
    const copied = (await copyRunFiles(value, from, to)) as unknown[];
    expect(copied).toEqual([
      { kind: 'file', path: join(to, 'a.txt'), origName: 'a.txt' },
      [[join(to, 'sub', 'b.txt'), 'caption'], { image: join(to, 'a.txt') }],
      outside,
      'plain text',
      42,
    ]);
    expect(await readFile(join(to, 'sub', 'b.txt'), 'utf8')).toBe('b');
    // The first job keeps its own files.
    expect(await readFile(join(from, 'a.txt'), 'utf8')).toBe('a');
  });

  it('leaves the folder itself and paths that only look alike untouched', async () => {
    const value = [from, `${from}-other/x.txt`, join(from, '..', 'second')];
    expect(await copyRunFiles(value, from, to)).toEqual(value);
  });
});
