import type { DownloadProgress } from '../runtimes/runtime.js';

/**
 * Model download progress as human lines on stderr: one line when a file starts, then at most one
 * per second per file, and one when it finishes. Nothing for files served from the cache.
 */
export function downloadReporter(
  write: (line: string) => void,
  now: () => number = Date.now,
): (model: string, p: DownloadProgress) => void {
  const last = new Map<string, number>();
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
  return (model, progress) => {
    const key = `${model}/${progress.file}`;
    const previous = last.get(key);
    if (progress.done) {
      last.delete(key);
      write(`  ${model}: ${progress.file} downloaded (${mb(progress.loaded)})`);
      return;
    }
    if (previous !== undefined && now() - previous < 1_000) return;
    last.set(key, now());
    const total = progress.total ? ` of ${mb(progress.total)} (${Math.round((100 * progress.loaded) / progress.total)}%)` : '';
    write(`  ${model}: downloading ${progress.file}: ${mb(progress.loaded)}${total}`);
  };
}
