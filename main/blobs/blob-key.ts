import { AppError } from '../../preload/shared/errors.js';

/**
 * A blob's key: a relative, '/'-separated name such as `uploads/<sha256>/photo.png` or
 * `runs/<job>/out.wav`. The same key must name the same blob on every machine, and must never
 * reach outside the store when a store maps it onto a folder, hence the rules below.
 */

const MAX_KEY_LENGTH = 1024;

/** Why `key` is not a valid blob key, or undefined when it is. */
export function blobKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_KEY_LENGTH) return `it is longer than ${MAX_KEY_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return 'it contains a backslash or a control character';
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) return 'it is an absolute path (a key is relative: "folder/name")';
  const segments = key.split('/');
  if (segments.some((segment) => segment === '')) return 'it has an empty part ("//" or a "/" at the end)';
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'it has a "." or ".." part';
  return undefined;
}

/** `key` when valid; else INVALID_INPUT naming the key and the rule it breaks. */
export function checkBlobKey(key: string): string {
  const problem = blobKeyProblem(key);
  if (problem) throw new AppError('INVALID_INPUT', `"${key.slice(0, 200)}" is not a blob key: ${problem}.`);
  return key;
}
