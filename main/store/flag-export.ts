import type { App } from '../../preload/shared/project/normalize.js';
import type { FlagRow } from './flag-repository.js';
import type { RunRow, StoredFileRef } from './history-types.js';

/**
 * Flags as rows for export (CSV, JSONL, a Hugging Face `datasets` folder): one row per flag, its
 * run's inputs and outputs as columns named by their components (Gradio's flagging CSV has one
 * column per component too), then the flag's and the run's facts. Pure: the writers decide how a
 * stored file is shown (its name, a URL, a path in the exported folder).
 */

export interface FlagExportRow {
  /** Column name → value, in column order. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The stored files the row's values reference. */
  readonly files: readonly StoredFileRef[];
}

export function isStoredFile(value: unknown): value is StoredFileRef {
  return typeof value === 'object' && value !== null && typeof (value as { $file?: unknown }).$file === 'string';
}

/** Every StoredFileRef inside a value (a file, a gallery, a list of files), each once. */
export function storedFiles(value: unknown, found: StoredFileRef[] = []): StoredFileRef[] {
  if (isStoredFile(value)) {
    if (!found.some((file) => file.$file === value.$file)) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) storedFiles(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) storedFiles(item, found);
  }
  return found;
}

/** Replaces every stored file in `value` by `show(file)`. */
export function mapFiles(value: unknown, show: (file: StoredFileRef) => unknown): unknown {
  if (isStoredFile(value)) return show(value);
  if (Array.isArray(value)) return value.map((item) => mapFiles(item, show));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapFiles(item, show)]));
  }
  return value;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The column names of an event's values: its components' keys; `input_<i>` / `output_<i>` past the known ones. */
function names(keys: readonly string[] | undefined, count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => keys?.[i] ?? `${prefix}_${i}`);
}

/** One export row: the run's values by component, then the flag, then the run's facts. */
export function flagExportRow(flag: FlagRow, run: RunRow, app: App | null): FlagExportRow {
  const event = app?.events.find((e) => e.index === run.eventIndex);
  const values: Record<string, unknown> = {};
  const inputNames = names(event?.inputs, run.inputs.length, 'input');
  const outputs = run.outputs ?? [];
  const outputNames = names(event?.outputs, outputs.length, 'output');
  run.inputs.forEach((value, i) => (values[inputNames[i] ?? `input_${i}`] = value));
  outputs.forEach((value, i) => {
    const name = outputNames[i] ?? `output_${i}`;
    // A component both read and written (a chat box) keeps both values.
    values[name in values ? `${name}_output` : name] = value;
  });
  Object.assign(values, {
    flag: flag.reason,
    note: flag.note,
    flagged_at: iso(flag.createdAt),
    run_id: run.id,
    event: run.apiName,
    outcome: run.outcome,
    error: run.error,
    caller: run.caller,
    queued_at: iso(run.queuedAt),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
  });
  return { values, files: storedFiles([run.inputs, run.outputs]) };
}

/** Column order over rows of different events: first seen first. */
export function exportColumns(rows: readonly FlagExportRow[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row.values)) columns.add(name);
  return [...columns];
}
