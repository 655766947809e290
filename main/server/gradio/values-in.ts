import path from 'node:path';
import type { FileValue } from '../../engine/values.js';
import type { App, AppComponent, AppEvent } from '../../../preload/shared/project/normalize.js';
import { FILE_COMPONENT_TYPES } from '../../../preload/shared/project/schema-components.js';
import { HttpError } from '../http-error.js';
import { mimeFromName } from '../mime.js';
import { fileDataInput, type FileDataInput } from './file-data.js';
import type { FileStore } from './file-store.js';

/**
 * Gradio input values → engine values, per component kind. Files arrive as FileData and leave as
 * FileValue, and only files inside the upload folder are accepted: a client must never make the
 * engine read an arbitrary path on this machine (doc §1.9, pitfalls).
 */

export interface InputContext {
  readonly files: FileStore;
  /** The session's stored State values by component key; clients send null for State inputs. */
  readonly state: ReadonlyMap<string, unknown>;
  /**
   * A front of a shared queue: file inputs name blobs every machine reads (front-files.ts), not
   * this server's upload folder; what it returns (a BlobRef) is the input's value.
   */
  readonly blobFile?: (data: FileDataInput, what: string) => Promise<unknown>;
}

function describe(component: AppComponent): string {
  const label = component.props.label;
  return typeof label === 'string' ? `"${label}" (${component.key})` : `"${component.key}"`;
}

async function toFileValue(value: unknown, component: AppComponent, ctx: InputContext): Promise<unknown> {
  const parsed = fileDataInput.safeParse(value);
  if (!parsed.success) {
    throw new HttpError(
      400,
      `Input ${describe(component)} expects a file: a FileData {path, meta: {_type: "gradio.FileData"}} ` +
        `whose path came from POST /gradio_api/upload (handle_file(...) in the clients does this).`,
    );
  }
  const data = parsed.data;
  if (/^https?:\/\//i.test(data.path)) {
    throw new HttpError(
      400,
      `Input ${describe(component)}: remote URLs are not fetched (${data.path}). Download the file and upload it with handle_file(...).`,
    );
  }
  if (ctx.blobFile) return ctx.blobFile(data, describe(component));
  const found = await ctx.files.lookup(data.path, 'uploads');
  if (found.kind !== 'file') {
    throw new HttpError(
      400,
      `Input ${describe(component)}: "${data.path}" is not an uploaded file. Upload it first with POST /gradio_api/upload and pass the path it returns.`,
    );
  }
  const origName = data.orig_name ?? undefined;
  const mimeType = data.mime_type ?? mimeFromName(origName ?? found.path);
  const file: FileValue = {
    kind: 'file',
    path: found.path,
    ...(origName !== undefined ? { origName: path.basename(origName) } : {}),
    ...(mimeType !== undefined ? { mimeType } : {}),
  };
  return file;
}

/** The JS client sends a bare path string for Gallery items it uploaded (doc §1.4). */
function galleryItemFile(item: unknown): unknown {
  if (typeof item === 'string') return { path: item, meta: { _type: 'gradio.FileData' } };
  if (typeof item === 'object' && item !== null && 'image' in item) return item.image;
  if (Array.isArray(item)) return item[0];
  return item;
}

/**
 * A Dataframe reaches functions as rows, whichever form the caller sent: rows, or Gradio's
 * `{headers, data, metadata}` (what Gradio's page and our runner send after an edit).
 */
function dataframeRows(value: unknown, component: AppComponent): unknown[][] {
  const rows = Array.isArray(value) ? value : typeof value === 'object' && value !== null && 'data' in value ? value.data : undefined;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw new HttpError(400, `Input ${describe(component)} expects a table: rows ([[...], ...]) or {headers, data: [[...], ...]}.`);
  }
  return rows as unknown[][];
}

async function convertOne(component: AppComponent, value: unknown, ctx: InputContext): Promise<unknown> {
  if (component.type === 'state') return value ?? ctx.state.get(component.key) ?? component.props.value ?? null;
  if (value === null || value === undefined) return null;
  if (FILE_COMPONENT_TYPES.has(component.type)) {
    if (component.type === 'file' && component.props.fileCount === 'multiple') {
      if (!Array.isArray(value)) throw new HttpError(400, `Input ${describe(component)} expects a list of files.`);
      return Promise.all(value.map((item) => toFileValue(item, component, ctx)));
    }
    return toFileValue(value, component, ctx);
  }
  if (component.type === 'dataframe') return dataframeRows(value, component);
  if (component.type === 'gallery') {
    if (!Array.isArray(value)) throw new HttpError(400, `Input ${describe(component)} expects a list of images.`);
    return Promise.all(value.map((item) => toFileValue(galleryItemFile(item), component, ctx)));
  }
  return value;
}

/** Converts one join/run payload; throws HttpError(400) with a message that says what to send. */
export async function toEngineInputs(app: App, event: AppEvent, data: readonly unknown[], ctx: InputContext): Promise<unknown[]> {
  if (data.length !== event.inputs.length) {
    throw new HttpError(
      400,
      `Endpoint /${event.apiName} takes ${event.inputs.length} input(s) (${event.inputs.join(', ') || 'none'}) but got ${data.length}.`,
    );
  }
  const components = event.inputs.map((key) => app.components.get(key));
  return Promise.all(components.map((component, i) => (component ? convertOne(component, data[i], ctx) : Promise.resolve(data[i]))));
}
