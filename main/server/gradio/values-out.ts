import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../preload/shared/errors.js';
import { isFileValue } from '../../engine/values.js';
import { isBlobRef, type BlobRef } from '../../queue/job-data.js';
import type { App, AppComponent, AppEvent } from '../../../preload/shared/project/normalize.js';
import { FILE_COMPONENT_TYPES } from '../../../preload/shared/project/schema-components.js';
import { mimeFromName, sniff } from '../mime.js';
import { isInside, isStrictlyInside } from '../path-guard.js';
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
  /** The job's own folder (a JS function's `ctx.outputDir`), as a real path; null if it has none. */
  readonly runDir: string | null;
  /**
   * Absolute paths of the project files and folders listed in project.json `allowedPaths`.
   * Besides these and the run folder, only this server's upload and output folders may supply an
   * output file: a function that echoes user text into a file output must not be a way to read
   * other files (another server's uploads, a secret in the temp folder, the project's own files).
   */
  readonly allowedPaths: readonly string[];
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

/** Whether a file (by its real path) may be served: ours, the run's own, or listed in allowedPaths. */
async function mayServe(real: string, ctx: OutputContext): Promise<boolean> {
  if (ctx.files.owns(real)) return true;
  if (ctx.runDir !== null && isStrictlyInside(ctx.runDir, real)) return true;
  for (const allowed of ctx.allowedPaths) {
    // The listed path is judged where it really is too (it may itself be a symlink).
    const root = await realpath(allowed).catch(() => null);
    if (root !== null && isInside(root, real)) return true;
  }
  return false;
}

function notServable(component: AppComponent, absolute: string, real: string): AppError {
  const where = real === absolute ? absolute : `${absolute} (really ${real})`;
  return outputError(
    component,
    `the function returned ${where}, which this server may not serve. Write output files into ctx.outputDir ` +
      '(the folder each run gets) or return their bytes; to serve a file of the project itself, list it in project.json "allowedPaths".',
  );
}

/** A file a worker stored in the shared blob store (a front of a queue): served by key from any front. */
function fromBlob(ref: BlobRef, root: string): FileDataOutput {
  const origName = ref.origName ?? ref.key.split('/').pop() ?? null;
  const mimeType = ref.mimeType ?? (origName === null ? undefined : mimeFromName(origName)) ?? null;
  return toFileDataOutput(root, { path: ref.key, size: ref.size ?? null, origName, mimeType });
}

async function toFileData(value: unknown, component: AppComponent, ctx: OutputContext): Promise<FileDataOutput | null> {
  if (value === null || value === undefined) return null;
  // The kind first: the one-machine path never has a BlobRef, and the schema check costs more.
  if ((value as { kind?: unknown }).kind === 'blob' && isBlobRef(value)) return fromBlob(value, ctx.root);
  if (value instanceof Uint8Array) return fromBytes(value, ctx);
  const file = pathOf(value);
  if (!file) throw outputError(component, 'expected a file (a path, bytes or a file value).');
  const absolute = path.resolve(file.path);
  let real: string;
  try {
    // Judged where the file really is: a symlink in the run folder must not lead outside it.
    real = await realpath(absolute);
  } catch (error) {
    throw outputError(component, `cannot read the file ${absolute}: ${(error as Error).message}`);
  }
  if (!(await mayServe(real, ctx))) throw notServable(component, absolute, real);
  let served: string;
  try {
    served = await ctx.files.adoptOutput(real);
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
 * A typed array's values as a plain array, by index: Array.from walks a typed array through its
 * iterator, which boxed every float into a heap number and made a result object per value (about
 * 15 KB of garbage for a 256-float output; issue 17). Pushed, not written into `new Array(length)`:
 * that array is holey, and JSON.stringify takes its slow path for holey arrays (a property lookup
 * per element, about a fifth of the output's serialization); a pushed one is packed, and its
 * doubles are written straight from the array's store.
 */
function numbersOf(values: ArrayLike<number>): number[] {
  const length = values.length;
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(values[i] as number);
  return out;
}

/**
 * Typed arrays (ONNX outputs) become plain arrays, at any depth: JSON.stringify would otherwise
 * send a Float32Array as {"0": ..., "1": ...}, which no client reads as a list.
 */
export function plainJson(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    // Only 64-bit integer arrays hold bigints; the others copy by index, without a callback.
    if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Array.from(value, Number);
    return numbersOf(value as unknown as ArrayLike<number>);
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
