import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportColumns, mapFiles, storedFiles, type FlagExportRow } from './flag-export.js';
import type { StoredFileRef } from './history-types.js';

/** The formats of `flags export` and `GET /api/history/flags/export`. */
export const FLAG_EXPORT_FORMATS = ['csv', 'jsonl', 'hf'] as const;
export type FlagExportFormat = (typeof FLAG_EXPORT_FORMATS)[number];

/** A CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break; quotes doubled. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A file in a CSV cell: its name (CSV is for reading; JSONL and the folder carry the bytes' identity). */
const fileName = (file: StoredFileRef): string => file.name;

/** A file in JSONL: its name, content hash, type and size. */
const fileFacts = (file: StoredFileRef): unknown => ({ file: file.name, sha256: file.$file, mime: file.mime, size: file.size });

/** CSV with a header row, CRLF line ends (RFC 4180); values that are not text are JSON. */
export function flagsCsv(rows: readonly FlagExportRow[]): string {
  const columns = exportColumns(rows);
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((name) => csvField(mapFiles(row.values[name], fileName))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** One JSON object per line. */
export function flagsJsonl(rows: readonly FlagExportRow[]): string {
  return rows.map((row) => `${JSON.stringify(mapFiles(row.values, fileFacts))}\n`).join('');
}

/** Characters no file system takes in a name, and control characters (a regex literal may not hold those). */
const UNSAFE_NAME_CHARS = new RegExp(`[\\\\/:*?"<>|${String.fromCharCode(0)}-${String.fromCharCode(31)}]`, 'g');

/** Where a stored file goes in the exported folder, relative to it: `files/<sha256>/<name>` (names may repeat, contents not). */
export function folderFilePath(file: StoredFileRef): string {
  // Characters no file system takes in a name (and control characters) become "_".
  const safe = file.name.replace(UNSAFE_NAME_CHARS, '_').replace(/^\.+/, '_') || 'file';
  return `files/${file.$file}/${safe}`;
}

function datasetCard(title: string, columns: readonly string[], fileColumns: readonly string[], count: number): string {
  const cast = fileColumns.map((name) => `.cast_column(${JSON.stringify(name)}, Image())`).join('');
  return `---
configs:
  - config_name: default
    data_files: data.jsonl
size_categories:
  - n<1K
---

# ${title}: flagged runs

${count} flagged run(s) exported by demo-desktop (\`demo-desktop flags export --format hf\`). Each line of
\`data.jsonl\` is one flag: the run's inputs and outputs by component, then \`flag\` (the reason),
\`note\`, \`flagged_at\`, \`run_id\`, \`event\`, \`outcome\`, \`error\`, \`caller\` and the run's times.

Columns: ${columns.map((name) => `\`${name}\``).join(', ')}.

Files are in \`files/<sha256>/<name>\`; a file column holds that path, relative to this folder${
    fileColumns.length > 0 ? ` (${fileColumns.map((name) => `\`${name}\``).join(', ')})` : ''
  }.

\`\`\`python
from datasets import load_dataset, Image, Audio
ds = load_dataset("path/to/this/folder", split="train")
# File columns are relative paths; to decode images, for example:
# ds = ds.map(lambda row: {c: f"path/to/this/folder/{row[c]}" for c in ${JSON.stringify(fileColumns)}})${cast}
\`\`\`
`;
}

/**
 * A folder \`datasets.load_dataset(folder)\` reads: \`data.jsonl\` (its README's \`configs\` names it,
 * so the loader does not guess from the files' extensions), \`files/\` and a dataset card.
 * \`storedPath\` finds a stored file's bytes (ContentFiles.path).
 */
export async function writeFlagsFolder(
  target: string,
  rows: readonly FlagExportRow[],
  storedPath: (sha256: string) => string,
  title: string,
): Promise<{ readonly files: number }> {
  await mkdir(target); // its folder exists: a path that does not is refused, not created
  const copied = new Set<string>();
  const fileColumns = new Set<string>();
  const lines: string[] = [];
  for (const row of rows) {
    for (const file of row.files) {
      const relative = folderFilePath(file);
      if (copied.has(relative)) continue;
      await mkdir(path.join(target, path.dirname(relative)), { recursive: true });
      await copyFile(storedPath(file.$file), path.join(target, relative));
      copied.add(relative);
    }
    for (const [name, value] of Object.entries(row.values)) if (row.files.length > 0 && hasFile(value)) fileColumns.add(name);
    lines.push(`${JSON.stringify(mapFiles(row.values, folderFilePath))}\n`);
  }
  await writeFile(path.join(target, 'data.jsonl'), lines.join(''));
  await writeFile(path.join(target, 'README.md'), datasetCard(title, exportColumns(rows), [...fileColumns], rows.length));
  return { files: copied.size };
}

function hasFile(value: unknown): boolean {
  return storedFiles(value).length > 0;
}
