import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../common/errors.js';
import { isFileValue } from '../../engine/values.js';
import type { App, AppComponent, AppEvent } from '../../project/normalize.js';
import { FILE_COMPONENT_TYPES } from '../../project/schema-components.js';
import { mimeFromName, sniff } from '../mime.js';
import { isInside } from '../path-guard.js';
import { toFileDataOutput, type FileDataOutput } from './file-data.js';
import type { FileStore } from './file-store.js';
import { toLabelOutput } from './label-output.js';
import { toDataframeOutput, toHighlightedOutput } from './table-outputs.js';

/**
 * Engine output values → Gradio output values, per component kind. Files become FileData served
 * from our output folder; labels become `{label, confidences}`; everything else is already the
 * JSON value Gradio sends, except tables (see table-outputs.ts).
 */

export interface OutputContext {
  readonly files: FileStore;
  /** The caller-visible root, for FileData URLs. */
  readonly root: string;
  /**
   * Folders an output file may come from besides ours (the project folder, the temp dir). An
   * output that names any other path is refused, so a function that echoes user text into a
   * file output cannot be used to read arbitrary files.
   */
  readonly trustedDirs: readonly string[];
}

function outputError(component: AppComponent, message: string): AppError {
  return new AppError('INVALID_INPUT', `Output "${component.key}" (${component.type}): ${message}`);
}

async function fromBytes(bytes: Uint8Array, ctx: OutputContext): Promise<FileDataOutput> {
  const kind = sniff(bytes.subarray(0, 16));
  const saved = await ctx.files.saveOutput(`output${kind?.ext ?? '.bin'}`, bytes);
  return toFileDataOutput(ctx.root, { path: saved, size: bytes.length, origName: path.basename(saved), mimeType: kind?.mime ?? null });
}

function pathOf(value: unknown): { path: string; origName?: string | undefined; mimeType?: string | undefined } | null {
  if (typeof value === 'string') return { path: value };
  if (isFileValue(value)) return value;
  // A FileData-like object returned by a JS function, e.g. one it received as input.
  if (typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string') {
    return { path: (value as { path: string }).path };
  }
  return null;
}

async function toFileData(value: unknown, component: AppComponent, ctx: OutputContext): Promise<FileDataOutput | null> {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return fromBytes(value, ctx);
  const file = pathOf(value);
  if (!file) throw outputError(component, 'expected a file (a path, bytes or a file value).');
  const absolute = path.resolve(file.path);
  // Judged where the file really is: a symlink in a trusted folder must not lead outside it.
  const real = await realpath(absolute).catch(() => absolute);
  const trusted = ctx.trustedDirs.some((dir) => isInside(dir, real)) || (await ctx.files.lookup(absolute)).kind === 'file';
  if (!trusted) throw outputError(component, `the file ${absolute} is outside the project and data folders; write outputs there.`);
  let served: string;
  try {
    served = await ctx.files.adoptOutput(absolute);
  } catch (error) {
    throw outputError(component, `cannot read the file ${absolute}: ${(error as Error).message}`);
  }
  const size = (await stat(served)).size;
  const origName = file.origName ?? path.basename(absolute);
  const mimeType = file.mimeType ?? mimeFromName(origName) ?? sniff(await ctx.files.head(served))?.mime ?? null;
  return toFileDataOutput(ctx.root, { path: served, size, origName, mimeType });
}

function galleryItem(item: unknown): { file: unknown; caption: string | null } {
  if (Array.isArray(item)) return { file: item[0], caption: typeof item[1] === 'string' ? item[1] : null };
  if (typeof item === 'object' && item !== null && 'image' in item) {
    const caption = (item as { caption?: unknown }).caption;
    return { file: item.image, caption: typeof caption === 'string' ? caption : null };
  }
  return { file: item, caption: null };
}

async function convertOne(component: AppComponent, value: unknown, ctx: OutputContext): Promise<unknown> {
  if (FILE_COMPONENT_TYPES.has(component.type)) {
    if (Array.isArray(value)) return Promise.all(value.map((item) => toFileData(item, component, ctx)));
    return toFileData(value, component, ctx);
  }
  switch (component.type) {
    case 'gallery': {
      if (value === null || value === undefined) return null;
      if (!Array.isArray(value)) throw outputError(component, 'expected a list of images.');
      return Promise.all(
        value.map(async (item) => {
          const { file, caption } = galleryItem(item);
          return { image: await toFileData(file, component, ctx), caption };
        }),
      );
    }
    case 'label':
      return toLabelOutput(value, typeof component.props.numTopClasses === 'number' ? component.props.numTopClasses : undefined);
    case 'dataframe':
      return value === null || value === undefined ? null : toDataframeOutput(value, component.props.headers);
    case 'highlightedtext':
      return value === null || value === undefined ? null : toHighlightedOutput(value);
    default:
      return value === undefined ? null : plainJson(value);
  }
}

/**
 * Typed arrays (ONNX outputs) become plain arrays, at any depth: JSON.stringify would otherwise
 * send a Float32Array as {"0": ..., "1": ...}, which no client reads as a list.
 */
export function plainJson(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? Number(v) : v));
  }
  if (Array.isArray(value)) return value.map(plainJson);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v)]));
  }
  return value;
}

/** Converts one result (one value per event output) to `output.data`. */
export async function toGradioOutputs(app: App, event: AppEvent, outputs: readonly unknown[], ctx: OutputContext): Promise<unknown[]> {
  return Promise.all(
    event.outputs.map((key, i) => {
      const component = app.components.get(key);
      const value = outputs[i];
      return component ? convertOne(component, value, ctx) : Promise.resolve(value ?? null);
    }),
  );
}
