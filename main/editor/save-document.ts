import { cp, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { DocumentSource, EditorDocument, saveRequest } from '../../preload/shared/editor/editor-api.js';
import { formatProject, sameJson } from '../../preload/shared/project/format-project.js';
import { asRecord, asString } from '../../preload/shared/project/raw-json.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { HttpError } from '../server/http-error.js';
import { checkText, parseText, projectFile, readText, type DocumentOptions } from './documents.js';
import { newDocument } from './new-document.js';
import { templateDir } from './templates.js';

/**
 * Save and Save As. The text written is, in order of preference: the target's own text when the
 * project equals what it holds (nothing is written: byte-identical, whatever its formatting); the
 * text it started from (its source file's, or its template's) when saving an unchanged project elsewhere; else formatProject (schema key
 * order, 2 spaces, final newline). The write is atomic (atomic-write.ts). A new project's first
 * save copies its template's other files (its JS modules) beside it, never over an existing file.
 */

export type SaveInput = z.infer<typeof saveRequest>;

/** The file's text if it exists and is UTF-8; `exists` also for a file that is not. */
async function current(file: string): Promise<{ exists: boolean; text?: string }> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return { exists: false };
  if (!info.isFile()) throw new HttpError(400, `${file} is not a file: choose a file name ending in .json.`);
  const text = await readText(file).catch(() => undefined);
  return text === undefined ? { exists: true } : { exists: true, text };
}

function holds(text: string | undefined, project: unknown): text is string {
  if (text === undefined) return false;
  const parsed = parseText(text);
  return 'json' in parsed && sameJson(parsed.json, project);
}

/** Where a save writes: the Save As path (a folder means its project.json), else the document's own file. */
async function targetOf(input: SaveInput): Promise<string> {
  const target = input.path ?? input.source.path;
  if (target === null) throw new HttpError(400, 'This project has not been saved yet: choose where to save it (Save As).');
  return projectFile(target);
}

/** The text the document started from: its source file's, or its template's (as POST /new gave it). */
async function sourceText(source: DocumentSource, options: DocumentOptions): Promise<string | undefined> {
  if (source.path !== null) return readText(path.resolve(source.path)).catch(() => undefined);
  if (source.template !== null) return (await newDocument(source.template, options).catch(() => undefined))?.text;
  return undefined;
}

async function textFor(input: SaveInput, target: { text?: string }, options: DocumentOptions): Promise<string> {
  if (holds(target.text, input.project)) return target.text;
  const from = await sourceText(input.source, options);
  if (holds(from, input.project)) return from;
  return formatProject(input.project);
}

/** A new project's first save: the template's files (JS modules) beside it; existing files stay. */
async function copyTemplateFiles(source: DocumentSource, folder: string, options: DocumentOptions): Promise<void> {
  if (source.path !== null || source.template === null) return;
  const from = await templateDir(source.template, options.templatesDir);
  await cp(from, folder, {
    recursive: true,
    force: false,
    errorOnExist: false,
    filter: (file) => path.relative(from, file) !== 'project.json',
  });
}

export async function saveDocument(input: SaveInput, options: DocumentOptions = {}): Promise<EditorDocument> {
  const target = await targetOf(input);
  const own = input.source.path !== null && path.resolve(input.source.path) === target;
  const existing = await current(target);
  if (existing.exists && !own && !input.overwrite) {
    throw new HttpError(409, `${target} already exists: save with overwrite to replace it, or choose another name.`);
  }
  const text = await textFor(input, existing, options);
  if (text !== existing.text) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, text);
  }
  await copyTemplateFiles(input.source, path.dirname(target), options);
  return { path: target, template: null, text, issues: await checkText(text, path.dirname(target), options) };
}

/** The project's name for lists (recent projects): its `name`, else the file name. */
export function projectName(text: string, file: string): string {
  const parsed = parseText(text);
  const name = 'json' in parsed ? asString(asRecord(parsed.json)?.name) : undefined;
  return name && name.trim() !== '' ? name : path.basename(path.dirname(file));
}
