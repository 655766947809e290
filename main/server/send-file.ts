import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isXssSafe } from './mime.js';

/**
 * Streams one file with single-range support (`Range: bytes=a-b`), as media elements and the
 * Python client's downloads expect. Types that could run script in a browser are sent as
 * `attachment; application/octet-stream`, like Gradio, so an uploaded HTML or SVG file can never
 * execute on this origin.
 */

export interface FileToSend {
  readonly path: string;
  readonly size: number;
  readonly mimeType: string;
  /** The download's name; default the file's own (history's stored files are named by their hash). */
  readonly name?: string;
  /** Bytes `start` to `end` (inclusive) when they are not read from `path` (a blob held in memory). */
  readonly read?: (start: number, end: number) => Readable;
}

type ByteRange = { readonly start: number; readonly end: number } | 'unsatisfiable' | null;

/** Parses a single `bytes=` range; multiple ranges are answered with the whole file (allowed by RFC 9110). */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

function contentDisposition(file: FileToSend, inline: boolean): string {
  const name = file.name ?? path.basename(file.path);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function sendFile(req: IncomingMessage, res: ServerResponse, file: FileToSend, extraHeaders: Record<string, string> = {}): void {
  const inline = isXssSafe(file.mimeType);
  const headers: Record<string, string> = {
    ...extraHeaders,
    'Content-Type': inline ? file.mimeType : 'application/octet-stream',
    'Content-Disposition': contentDisposition(file, inline),
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=3600',
  };
  const range = parseRange(req.headers.range, file.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${file.size}`, 'Content-Length': '0' });
    res.end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size - 1;
  const length = file.size === 0 ? 0 : end - start + 1;
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
  res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': String(length) });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  const stream = file.read ? file.read(start, end) : createReadStream(file.path, { start, end });
  stream.on('error', () => res.destroy());
  // A client that goes away mid-download must not leave the file handle open.
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}
