import type { ComponentInfo } from './config.js';

/**
 * Component values on the page. A value is what the component would send as a function input,
 * except local files, which stay as LocalFile until submit (the Gradio client uploads Blobs it
 * finds in the payload and replaces them with FileData).
 */

/** A file the user picked and that is not uploaded yet. */
export interface LocalFile {
  readonly kind: 'local-file';
  readonly blob: Blob;
  readonly name: string;
  /** An object URL for previews; revoked by the component that created it. */
  readonly previewUrl: string;
}

export function isLocalFile(value: unknown): value is LocalFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'local-file';
}

/** Gradio's FileData as the server sends it (doc §1.9). */
export interface FileData {
  readonly path: string;
  readonly url?: string | null;
  readonly orig_name?: string | null;
  readonly size?: number | null;
  readonly mime_type?: string | null;
}

export function isFileData(value: unknown): value is FileData {
  return typeof value === 'object' && value !== null && typeof (value as { path?: unknown }).path === 'string';
}

/** Gradio's implicit initial value for each kind, used where props.value is absent. */
function implicitValue(component: ComponentInfo): unknown {
  const props = component.props;
  switch (component.type) {
    case 'textbox':
    case 'markdown':
      return '';
    case 'checkbox':
      return false;
    case 'slider':
      return typeof props.minimum === 'number' ? props.minimum : 0;
    case 'dropdown':
      return props.multiselect === true ? [] : null;
    case 'chatbot':
    case 'gallery':
      return [];
    default:
      return null;
  }
}

export function initialValue(component: ComponentInfo): unknown {
  return component.props.value !== undefined ? component.props.value : implicitValue(component);
}

export type Values = ReadonlyMap<number, unknown>;

export function initialValues(components: Iterable<ComponentInfo>): Values {
  const values = new Map<number, unknown>();
  for (const c of components) values.set(c.id, initialValue(c));
  return values;
}

/** The value as it goes into `submit(...)` data: local files become Blobs for the client to upload. */
export function toWire(value: unknown): unknown {
  if (isLocalFile(value)) return value.blob;
  if (Array.isArray(value)) return value.map(toWire);
  return value;
}

/** Where a file value can be fetched or previewed, or null. */
export function fileUrl(value: unknown): string | null {
  if (isLocalFile(value)) return value.previewUrl;
  if (isFileData(value)) return typeof value.url === 'string' && value.url !== '' ? value.url : null;
  if (typeof value === 'string' && /^(https?:|blob:|data:|\/)/.test(value)) return value;
  return null;
}

export function fileName(value: unknown): string {
  if (isLocalFile(value)) return value.name;
  if (isFileData(value)) {
    if (typeof value.orig_name === 'string' && value.orig_name !== '') return value.orig_name;
    return value.path.split(/[\\/]/).pop() ?? value.path;
  }
  return 'file';
}
