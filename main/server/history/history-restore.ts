import { copyFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { ContentFiles } from '../../store/content-files.js';
import { isStoredFile } from '../../store/flag-export.js';
import type { StoredFileRef } from '../../store/history-types.js';
import { toFileDataOutput, type FileDataOutput } from '../gradio/file-data.js';
import type { FileStore } from '../gradio/file-store.js';
import { uploadClient } from '../gradio/upload-client.js';
import type { Uploads } from '../gradio/uploads.js';
import { requestVisitor } from '../request-visitor.js';

export interface RestoreDeps {
  readonly contentFiles: ContentFiles;
  readonly files: FileStore;
  readonly uploads: Uploads;
}

/** Every stored file of a value, with each occurrence's position kept by mapping in place. */
async function mapStored(value: unknown, place: (file: StoredFileRef) => Promise<FileDataOutput>): Promise<unknown> {
  if (isStoredFile(value)) return place(value);
  if (Array.isArray(value)) return Promise.all(value.map((item) => mapStored(item, place)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await mapStored(item, place)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/**
 * A past run's inputs made usable for a new run: each stored file is copied out of the history's
 * content folder into the server's uploads, exactly as if this client had uploaded it (the same
 * limits, the same owner, the same retention), and handed back as Gradio's FileData. The content
 * folder itself is never served or named: a client only ever sees upload paths.
 */
export async function restoreInputs(deps: RestoreDeps, req: IncomingMessage, root: string, inputs: readonly unknown[]): Promise<unknown[]> {
  const slot = deps.uploads.admit(uploadClient(req), null, requestVisitor(req));
  const placed = new Map<string, Promise<FileDataOutput>>();
  const place = async (file: StoredFileRef): Promise<FileDataOutput> => {
    slot.reserve(file.size);
    const incoming = deps.files.incomingPath();
    try {
      await copyFile(deps.contentFiles.path(file.$file), incoming);
      const target = await deps.uploads.store(slot, incoming, file.$file, file.name, file.size);
      return toFileDataOutput(root, { path: target, size: file.size, origName: file.name, mimeType: file.mime });
    } catch (error) {
      await rm(incoming, { force: true });
      throw error;
    }
  };
  try {
    return (await mapStored(inputs, (file) => {
      // One copy per content and name, however many inputs name it.
      const key = `${file.$file}/${file.name}`;
      const found = placed.get(key) ?? place(file);
      placed.set(key, found);
      return found;
    })) as unknown[];
  } finally {
    slot.close();
  }
}
