import type { FlagRow } from '../../store/flag-repository.js';
import { mapFiles } from '../../store/flag-export.js';
import type { RunRow, StoredFileRef } from '../../store/history-types.js';

/** A run as the history routes answer it (docs/api.md, History). Times are Unix epoch ms. */
export interface RunView {
  readonly id: string;
  readonly event: string;
  readonly fnIndex: number;
  readonly outcome: RunRow['outcome'];
  readonly error: string | null;
  readonly caller: RunRow['caller'];
  readonly queuedAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** finished - started (the run itself), or null when it never started. */
  readonly durationMs: number | null;
  /** A short text of the inputs and of the outputs, for a list. */
  readonly preview: { readonly inputs: string; readonly outputs: string };
  readonly flags: readonly FlagView[];
  /** Full values (one run only): files as `{file, url, mime, size}`, the url this route's file download. */
  readonly inputs?: readonly unknown[];
  readonly outputs?: readonly unknown[] | null;
}

export interface FlagView {
  readonly id: number;
  readonly reason: string | null;
  readonly note: string | null;
  readonly createdAt: number;
}

const PREVIEW_CHARS = 140;

/** The text a list shows for values: their strings (a file's name) joined, cut to PREVIEW_CHARS. */
export function previewText(values: readonly unknown[] | null): string {
  if (values === null) return '';
  const text = values
    .map((value) => collect(value).join(' '))
    .filter((part) => part !== '')
    .join(' · ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** The strings, numbers and booleans of a value (a stored file's name, not its hash), in order. */
function collect(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) collect(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) if (key !== '$file' && key !== 'mime' && key !== 'size') collect(item, out);
  }
  return out;
}

export function flagView(flag: FlagRow): FlagView {
  return { id: flag.id, reason: flag.reason, note: flag.note, createdAt: flag.createdAt };
}

/** `fileUrl(sha256)`: where this viewer downloads a stored file of the run. */
export function runView(run: RunRow, flags: readonly FlagRow[], full: false | { fileUrl: (file: StoredFileRef) => string }): RunView {
  const show = (file: StoredFileRef): unknown =>
    full ? { file: file.name, url: full.fileUrl(file), mime: file.mime, size: file.size } : file.name;
  const named = (file: StoredFileRef): string => file.name;
  const base: RunView = {
    id: run.id,
    event: run.apiName,
    fnIndex: run.eventIndex,
    outcome: run.outcome,
    error: run.error,
    caller: run.caller,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.startedAt !== null && run.finishedAt !== null ? run.finishedAt - run.startedAt : null,
    preview: {
      inputs: previewText(mapFiles(run.inputs, named) as unknown[]),
      outputs: previewText(run.outputs === null ? null : (mapFiles(run.outputs, named) as unknown[])),
    },
    flags: flags.map(flagView),
  };
  if (!full) return base;
  return {
    ...base,
    inputs: mapFiles(run.inputs, show) as unknown[],
    outputs: run.outputs === null ? null : (mapFiles(run.outputs, show) as unknown[]),
  };
}
