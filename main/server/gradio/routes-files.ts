import { HttpError } from '../http-error.js';
import { mimeFromName } from '../mime.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { requestVisitor } from '../request-visitor.js';
import { sendFile } from '../send-file.js';
import { API_PREFIX } from './config-schema.js';
import type { GradioContext } from './context.js';
import { uploadClient } from './upload-client.js';
import { bodyTooLarge } from './upload-limits.js';
import { receiveUpload } from './upload-receiver.js';

/**
 * Uploads and file serving (doc §1.9). Uploads stream to disk (upload-receiver.ts) within the
 * limits of upload-limits.ts. Only files inside the upload and output folders are served;
 * everything else is 403, whatever the path says after decoding and normalising.
 */

/** Room for one part's header block (busboy's limit, 16 KiB) and its boundary. */
const PART_OVERHEAD = 16 * 1024 + 256;

function declaredLength(rc: RequestContext): number | null {
  const declared = Number(rc.req.headers['content-length']);
  return Number.isFinite(declared) && declared >= 0 ? declared : null;
}

async function upload(ctx: GradioContext, rc: RequestContext): Promise<void> {
  if (!/^multipart\/form-data\s*;/i.test(rc.req.headers['content-type'] ?? '')) {
    throw new HttpError(400, 'Upload with Content-Type multipart/form-data and one or more parts named "files".');
  }
  const { limits } = ctx.uploads;
  const declared = declaredLength(rc);
  // A body that no number of files within the limits can fill is refused before reading it.
  if (declared !== null && declared > limits.maxFilesPerUpload * (limits.maxFileSize + PART_OVERHEAD)) {
    throw bodyTooLarge(limits, declared);
  }
  const slot = ctx.uploads.admit(uploadClient(rc.req), declared, requestVisitor(rc.req));
  try {
    const paths = await receiveUpload(rc.req, { uploads: ctx.uploads, files: ctx.files, slot });
    sendJson(rc.res, 200, ctx.queue.files ? await ctx.queue.files.shareUploads(paths) : paths);
  } finally {
    slot.close();
  }
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
  if (ctx.queue.files) return ctx.queue.files.serve(rc, requested);
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
