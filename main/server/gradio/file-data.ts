import { z } from 'zod';
import { API_PREFIX } from './config-schema.js';

/**
 * Gradio's FileData, the wire form of every file (doc §1.9). Inside the app files are
 * `FileValue`s (engine/values.ts); only this module and the value converters know this shape.
 */

export const FILE_DATA_TYPE = 'gradio.FileData';

/** What clients send as a file input. `meta._type` is required, as Gradio validates it. */
export const fileDataInput = z.object({
  path: z.string().min(1),
  url: z.string().nullable().optional(),
  size: z.number().nullable().optional(),
  orig_name: z.string().nullable().optional(),
  mime_type: z.string().nullable().optional(),
  is_stream: z.boolean().optional(),
  meta: z.object({ _type: z.literal(FILE_DATA_TYPE) }),
});
export type FileDataInput = z.infer<typeof fileDataInput>;

export const fileDataOutput = z.object({
  path: z.string(),
  url: z.string(),
  size: z.number().int().nullable(),
  orig_name: z.string().nullable(),
  mime_type: z.string().nullable(),
  is_stream: z.literal(false),
  meta: z.object({ _type: z.literal(FILE_DATA_TYPE) }),
});
export type FileDataOutput = z.infer<typeof fileDataOutput>;

/** The URL clients download a served file from: `<root>/gradio_api/file=<path>`, slashes kept. */
export function fileUrl(root: string, file: string): string {
  return `${root}${API_PREFIX}/file=${encodeURI(file).replace(/[?#]/g, encodeURIComponent)}`;
}

export interface ServedFile {
  readonly path: string;
  readonly size: number | null;
  readonly origName: string | null;
  readonly mimeType: string | null;
}

export function toFileDataOutput(root: string, file: ServedFile): FileDataOutput {
  return {
    path: file.path,
    url: fileUrl(root, file.path),
    size: file.size,
    orig_name: file.origName,
    mime_type: file.mimeType,
    is_stream: false,
    meta: { _type: FILE_DATA_TYPE },
  };
}
