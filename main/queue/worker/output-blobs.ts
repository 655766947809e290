import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../preload/shared/errors.js';
import type { App, AppComponent } from '../../../preload/shared/project/normalize.js';
import { FILE_COMPONENT_TYPES } from '../../../preload/shared/project/schema-components.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { putBytes, putFile } from '../../blobs/put-file.js';
import { isFileValue } from '../../engine/values.js';
import { mimeFromName, sniff } from '../../server/mime.js';
import { isInside, isStrictlyInside } from '../../server/path-guard.js';
import type { BlobRef, JsonValue, QueueJob } from '../job-data.js';
import { plainOutput } from './job-values.js';

/**
 * A job's outputs as JSON for the queue, its files as BlobRefs (`outputs/<sha256>/<name>`) that
 * any front serves. The values of file and gallery outputs are read as the one-machine server
 * reads them (values-out.ts): a path, a file value, `{path}` or bytes; a gallery item alone,
 * `[file, caption]` or `{image, caption}`. The same rule decides which files may leave this
 * machine: the job's own folder (its inputs and `ctx.outputDir`), its input files and project.json `allowedPaths`,
 * so a function that echoes user text into a file output cannot send out any file here.
 */

export interface OutputBlobsOptions {
  readonly store: BlobStore;
  readonly app: App;
  readonly allowedPaths: readonly string[];
  readonly job: QueueJob;
  /** The job's private folder (a real path). */
  readonly jobDir: string;
  /** Real paths of the job's input files (in the job folder, or in place in a shared folder store). */
  readonly inputFiles: ReadonlySet<string>;
}

type LocalFile = { readonly path: string; readonly origName?: string | undefined; readonly mimeType?: string | undefined };

function localFile(value: unknown): LocalFile | null {
  if (typeof value === 'string') return { path: value };
  if (isFileValue(value)) return value;
  if (typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string') {
    return { path: (value as { path: string }).path };
  }
  return null;
}

export class OutputBlobs {
  constructor(private readonly options: OutputBlobsOptions) {}

  async convert(outputs: readonly unknown[]): Promise<JsonValue> {
    const event = this.options.app.events.find((e) => e.apiName === this.options.job.event);
    const converted = await Promise.all(
      outputs.map((value, i) => {
        const component = event ? this.options.app.components.get(event.outputs[i] ?? '') : undefined;
        return component ? this.convertOne(component, value) : value;
      }),
    );
    return plainOutput(converted);
  }

  private async convertOne(component: AppComponent, value: unknown): Promise<unknown> {
    if (value === null || value === undefined) return null;
    if (FILE_COMPONENT_TYPES.has(component.type)) {
      return Array.isArray(value) ? Promise.all(value.map((item) => this.toBlob(item, component))) : this.toBlob(value, component);
    }
    if (component.type !== 'gallery' || !Array.isArray(value)) return value;
    return Promise.all(
      value.map(async (item: unknown) => {
        if (Array.isArray(item)) {
          const [file, ...rest] = item as unknown[];
          return [await this.toBlob(file, component), ...rest];
        }
        if (typeof item === 'object' && item !== null && 'image' in item)
          return { ...item, image: await this.toBlob(item.image, component) };
        return this.toBlob(item, component);
      }),
    );
  }

  private async toBlob(value: unknown, component: AppComponent): Promise<BlobRef | null> {
    if (value === null || value === undefined) return null;
    // A function never sees a BlobRef (its inputs are local files): one it returns could name any blob, so it is no file.
    if (value instanceof Uint8Array) {
      const kind = sniff(value.subarray(0, 16));
      const { key, size } = await putBytes(this.options.store, 'outputs', value, `output${kind?.ext ?? '.bin'}`);
      return { kind: 'blob', key, size, ...(kind ? { mimeType: kind.mime } : {}) };
    }
    const file = localFile(value);
    if (!file) throw this.error(component, 'expected a file (a path, bytes or a file value).');
    const absolute = path.resolve(file.path);
    const real = await realpath(absolute).catch((error: unknown) => {
      throw this.error(component, `cannot read the file ${absolute}: ${(error as Error).message}`);
    });
    if (!(await this.mayLeave(real))) {
      throw this.error(
        component,
        `the function returned ${absolute}, which this worker may not send. Write output files into ctx.outputDir ` +
          '(the folder each run gets) or return their bytes; to send a file of the project itself, list it in project.json "allowedPaths".',
      );
    }
    const origName = file.origName ?? path.basename(absolute);
    const { key, size } = await putFile(this.options.store, 'outputs', real, origName);
    const mimeType = file.mimeType ?? mimeFromName(origName);
    return { kind: 'blob', key, size, origName, ...(mimeType !== undefined ? { mimeType } : {}) };
  }

  private async mayLeave(real: string): Promise<boolean> {
    if (isStrictlyInside(this.options.jobDir, real) || this.options.inputFiles.has(real)) return true;
    for (const allowed of this.options.allowedPaths) {
      const root = await realpath(allowed).catch(() => null);
      if (root !== null && isInside(root, real)) return true;
    }
    return false;
  }

  private error(component: AppComponent, message: string): AppError {
    return new AppError('INVALID_INPUT', `Output "${component.key}" (${component.type}): ${message}`);
  }
}
