import path from 'node:path';

function escapes(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

/** True if `target` is `dir` itself or lies below it. Both must be absolute. */
export function isInside(dir: string, target: string): boolean {
  return !escapes(path.relative(dir, target));
}

/** True if `target` lies strictly below `dir` (a file in it, never the folder itself). */
export function isStrictlyInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return relative !== '' && !escapes(relative);
}
