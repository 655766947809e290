import type { ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * The files a share-link visitor may download: those this server handed to that visitor (its
 * upload answers, its results' file paths), nothing else in the upload and output folders. The
 * paths are read off the JSON the visitor's own responses carry, so no route has to know about
 * visitors: a string in a response that starts with a served folder is a file given to them.
 */

const MAX_VISITORS = 1_000;
const MAX_FILES_PER_VISITOR = 10_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class VisitorFiles {
  private readonly pattern: RegExp;
  /** Visitor → files, least recently active first (Map order), both bounded. */
  private readonly given = new Map<string, Set<string>>();

  constructor(roots: readonly string[]) {
    // A JSON string literal that begins with one of the roots, as the responses write it.
    const starts = roots.map((root) => escapeRegExp(JSON.stringify(path.resolve(root)).slice(1, -1)));
    this.pattern = new RegExp(`"((?:${starts.join('|')})(?:/|\\\\\\\\)(?:[^"\\\\]|\\\\.)*)"`, 'g');
  }

  /** Records the served files in everything written to `res` for `visitor`. */
  watch(visitor: string, res: ServerResponse): void {
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const record = (chunk: unknown): void => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) this.scan(visitor, Buffer.from(chunk).toString('utf8'));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      record(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') record(args[0]);
      return end(...args);
    }) as typeof res.end;
  }

  allows(visitor: string, file: string): boolean {
    return this.given.get(visitor)?.has(path.resolve(file)) ?? false;
  }

  private scan(visitor: string, text: string): void {
    for (const match of text.matchAll(this.pattern)) {
      let file: string;
      try {
        file = JSON.parse(`"${match[1] ?? ''}"`) as string;
      } catch {
        continue;
      }
      this.add(visitor, path.resolve(file));
    }
  }

  private add(visitor: string, file: string): void {
    const files = this.given.get(visitor) ?? new Set<string>();
    this.given.delete(visitor);
    this.given.set(visitor, files);
    files.add(file);
    if (files.size > MAX_FILES_PER_VISITOR) files.delete(files.values().next().value as string);
    if (this.given.size > MAX_VISITORS) this.given.delete(this.given.keys().next().value as string);
  }
}
