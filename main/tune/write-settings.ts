import { readFile } from 'node:fs/promises';
import { AppError } from '../../preload/shared/errors.js';
import { checkProject } from '../../preload/shared/project/check.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { formatIssue } from '../../preload/shared/project/validation-error.js';
import { writeFileAtomic } from '../common/atomic-write.js';
import { setJsonValue, type JsonKey } from './json-text.js';
import type { Recommendation } from './recommend.js';

/**
 * `tune --write`: the recommended settings into project.json as the smallest edit of its text.
 * Only settings whose value changes are written (an unchanged file is not rewritten); every other
 * byte stays as the owner wrote it. The result must pass the same checks as `validate`, and the
 * write is atomic (atomic-write.ts): an interrupted write leaves the old file.
 */

export interface SettingChange {
  /** Where, as a JSON path ($.ui.events[0].concurrencyLimit). */
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The raw JSON path of each event, in normalize()'s order (chained events right after theirs). */
export function eventPaths(project: Project): JsonKey[][] {
  const ui = project.ui;
  if (ui.type === 'interface') return [['ui']];
  const paths: JsonKey[][] = [];
  const walk = (event: { then: readonly unknown[] }, at: JsonKey[]): void => {
    paths.push(at);
    event.then.forEach((next, j) => walk(next as { then: readonly unknown[] }, [...at, 'then', j]));
  };
  ui.events.forEach((event, i) => walk(event, ['ui', 'events', i]));
  return paths;
}

const pathText = (keys: readonly JsonKey[]): string => `$${keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`;

/** The changes the recommendation makes to `project` (none for settings it already has). */
export function settingChanges(project: Project, recommendation: Recommendation): { keys: JsonKey[]; change: SettingChange }[] {
  const app = normalize(project);
  const paths = eventPaths(project);
  const out: { keys: JsonKey[]; change: SettingChange }[] = [];
  const add = (keys: JsonKey[], from: unknown, to: unknown): void => {
    if (from !== to) out.push({ keys, change: { path: pathText(keys), from, to } });
  };
  for (const settings of recommendation.events) {
    const event = app.events[settings.eventIndex];
    const at = paths[settings.eventIndex];
    if (!event || !at) continue;
    add([...at, 'concurrencyLimit'], event.concurrencyLimit, settings.concurrencyLimit);
    add([...at, 'batch'], event.batch, settings.batch);
    if (settings.batch) add([...at, 'maxBatchSize'], event.maxBatchSize, settings.maxBatchSize);
  }
  for (const [model, replicas] of Object.entries(recommendation.replicas)) {
    add(['models', model, 'replicas'], project.models[model]?.replicas ?? 1, replicas);
  }
  if (recommendation.maxSize !== undefined) add(['queue', 'maxSize'], project.queue.maxSize, recommendation.maxSize);
  return out;
}

/** The new text and its changes; throws when the edited text would not be a valid project. */
export function editedText(
  text: string,
  file: string,
  project: Project,
  recommendation: Recommendation,
): { text: string; changes: SettingChange[] } {
  const changes = settingChanges(project, recommendation);
  const edited = changes.reduce((current, { keys, change }) => setJsonValue(current, keys, change.to), text);
  const checked = checkProject(JSON.parse(edited) as unknown, file);
  if (!checked.project) {
    const first = checked.issues[0];
    throw new AppError(
      'INTERNAL',
      `The tuned settings would make ${file} invalid (${first ? formatIssue(first) : 'unknown problem'}); nothing was written.`,
    );
  }
  return { text: edited, changes: changes.map((c) => c.change) };
}

/**
 * Writes the recommendation into `file`, which must still hold `originalText` (the text the tune
 * started from): a file edited meanwhile is not overwritten.
 */
export async function writeSettings(
  file: string,
  originalText: string,
  project: Project,
  recommendation: Recommendation,
): Promise<SettingChange[]> {
  const { text, changes } = editedText(originalText, file, project, recommendation);
  if (changes.length === 0) return [];
  const now = await readFile(file, 'utf8');
  if (now !== originalText) {
    throw new AppError(
      'INVALID_INPUT',
      `${file} changed while the tune ran; nothing was written. Run the tune again to write its settings.`,
    );
  }
  await writeFileAtomic(file, text);
  return changes;
}
