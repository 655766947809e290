import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { isFileValue } from './values.js';

/**
 * Files a function wrote into one run's output folder, copied into another run's folder. A batched
 * function runs once for several jobs and gets the first job's folder; each job's results must
 * live in its own folder (its files are served from there, and it goes when the job is over).
 */

function isBelow(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * `value` with every file path below `from` (a file value's path, or a bare absolute path string
 * such as a gallery item) replaced by a copy below `to`, at the same relative place.
 */
export async function copyRunFiles(value: unknown, from: string, to: string): Promise<unknown> {
  const copies = new Map<string, Promise<string>>();
  const copy = (file: string): Promise<string> => {
    let done = copies.get(file);
    if (!done) {
      const target = path.join(to, path.relative(from, file));
      done = mkdir(path.dirname(target), { recursive: true })
        .then(() => copyFile(file, target))
        .then(() => target);
      copies.set(file, done);
    }
    return done;
  };
  const walk = async (item: unknown): Promise<unknown> => {
    if (typeof item === 'string') return path.isAbsolute(item) && isBelow(from, path.resolve(item)) ? copy(path.resolve(item)) : item;
    if (isFileValue(item)) return isBelow(from, path.resolve(item.path)) ? { ...item, path: await copy(path.resolve(item.path)) } : item;
    if (Array.isArray(item)) return Promise.all(item.map(walk));
    if (item !== null && typeof item === 'object' && Object.getPrototypeOf(item) === Object.prototype) {
      const entries = await Promise.all(Object.entries(item).map(async ([key, inner]) => [key, await walk(inner)] as const));
      return Object.fromEntries(entries);
    }
    return item;
  };
  return walk(value);
}
