import { HttpError } from './http-error.js';

/**
 * A small multipart/form-data parser over an already size-limited body. Uploads are capped by
 * `max_file_size`, so buffering the whole body is bounded and keeps the parser simple.
 */

export interface MultipartPart {
  readonly name: string;
  /** The filename from Content-Disposition, when the part is a file. */
  readonly filename: string | undefined;
  readonly contentType: string | undefined;
  readonly data: Buffer;
}

/** The boundary of a multipart/form-data Content-Type, or null when the body is something else. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 200 ? boundary : null;
}

interface Disposition {
  readonly name: string | undefined;
  readonly filename: string | undefined;
}

function parseDisposition(value: string): Disposition {
  const param = (key: string): string | undefined => {
    // `filename*=` (RFC 5987) is rare from clients; plain quoted values cover browsers and both Gradio clients.
    const match =
      new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(value) ?? new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(value);
    return match?.[1]?.replace(/\\(.)/g, '$1');
  };
  return { name: param('name'), filename: param('filename') };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function parsePart(raw: Buffer): MultipartPart {
  const split = raw.indexOf('\r\n\r\n');
  if (split === -1) throw new HttpError(400, 'Malformed multipart body: a part has no header block.');
  const headers = parseHeaders(raw.subarray(0, split).toString('utf8'));
  const disposition = parseDisposition(headers.get('content-disposition') ?? '');
  if (disposition.name === undefined) throw new HttpError(400, 'Malformed multipart body: a part has no name.');
  return {
    name: disposition.name,
    filename: disposition.filename,
    contentType: headers.get('content-type'),
    data: raw.subarray(split + 4),
  };
}

/** Splits a body into its parts; throws HttpError(400) for anything malformed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  if (start === -1) throw new HttpError(400, 'Malformed multipart body: boundary not found.');
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    const contentStart = afterDelimiter + 2; // skip CRLF
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), contentStart);
    if (next === -1) throw new HttpError(400, 'Malformed multipart body: missing closing boundary.');
    parts.push(parsePart(body.subarray(contentStart, next)));
    start = next + 2;
  }
}
