import { readBody } from '../body.js';
import { HttpError } from '../http-error.js';
import { mimeFromName } from '../mime.js';
import { multipartBoundary, parseMultipart } from '../multipart.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { sendFile } from '../send-file.js';
import { API_PREFIX } from './config-schema.js';
import type { GradioContext } from './context.js';

/**
 * Uploads and file serving (doc §1.9). Only files inside the upload and output folders are
 * served; everything else is 403, whatever the path says after decoding and normalising.
 */

/** Room for multipart headers and boundaries on top of the file limit. */
const MULTIPART_OVERHEAD = 64 * 1024;

function tooLarge(limit: number): HttpError {
  // Gradio answers 413 in plain text; both clients only look at the status.
  return new HttpError(413, `Maximum file size exceeded: the limit is ${limit} bytes. Upload a smaller file.`, undefined, true);
}

async function upload(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const boundary = multipartBoundary(rc.req.headers['content-type']);
  if (!boundary) {
    rc.req.resume();
    throw new HttpError(400, 'Upload with Content-Type multipart/form-data and one or more parts named "files".');
  }
  const body = await readBody(rc.req, { limit: ctx.maxFileSize + MULTIPART_OVERHEAD, tooLarge: () => tooLarge(ctx.maxFileSize) });
  const files = parseMultipart(body, boundary).filter((part) => part.name === 'files');
  if (files.length === 0) throw new HttpError(400, 'The upload has no part named "files".');
  if (files.some((part) => part.data.length > ctx.maxFileSize)) throw tooLarge(ctx.maxFileSize);
  const paths: string[] = [];
  for (const part of files) paths.push(await ctx.files.saveUpload(part.filename ?? 'file', part.data));
  sendJson(rc.res, 200, paths);
}

function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'Malformed percent-encoding in the file path.');
  }
}

async function serve(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const requested = decodePath(rc.params.path ?? '');
  const found = await ctx.files.lookup(requested);
  if (found.kind === 'forbidden') throw new HttpError(403, `File not allowed: ${requested}.`);
  if (found.kind === 'missing') throw new HttpError(404, `File not found: ${requested}.`);
  sendFile(rc.req, rc.res, { path: found.path, size: found.size, mimeType: mimeFromName(found.path) ?? 'application/octet-stream' });
}

export function registerFileRoutes(router: Router, ctx: GradioContext): void {
  router.add('POST', new RegExp(`^${API_PREFIX}/upload/?$`), (rc) => upload(ctx, rc));
  // `file=<path>` is what clients use; `file/<path>` is Gradio's legacy form.
  router.add('GET', new RegExp(`^${API_PREFIX}/file[=/](?<path>.+)$`), (rc) => serve(ctx, rc));
}
