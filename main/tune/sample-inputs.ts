import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import { FILE_COMPONENT_TYPES } from '../../preload/shared/project/schema-components.js';
import type { FileValue } from '../engine/values.js';

/**
 * The inputs a tune sends to an event, as rows of one value per input: the rows given (`--inputs`),
 * else the Interface's examples, else each input component's own `value`. File inputs name files
 * relative to project.json and become FileValue, as uploads reach the engine.
 */

function fileValue(value: unknown, dir: string, where: string): unknown {
  if (typeof value !== 'string') return value;
  const file = path.resolve(dir, value);
  if (!existsSync(file))
    throw new AppError('INVALID_INPUT', `${where}: the file ${file} does not exist (paths are relative to project.json).`);
  return { kind: 'file', path: file } satisfies FileValue;
}

function rowValues(app: App, event: AppEvent, row: readonly unknown[], dir: string, where: string): unknown[] {
  return event.inputs.map((key, i) => {
    const type = app.components.get(key)?.type;
    const value = row[i];
    return type && FILE_COMPONENT_TYPES.has(type) ? fileValue(value, dir, `${where}[${i}]`) : value;
  });
}

function checkRows(event: AppEvent, rows: unknown, where: string): readonly (readonly unknown[])[] {
  const wanted = event.inputs.length;
  const shape = `a JSON array of rows, each an array of ${wanted} value(s) (${event.inputs.join(', ') || 'no inputs'}), e.g. [[${Array(wanted).fill('...').join(', ')}]]`;
  if (!Array.isArray(rows) || rows.length === 0) throw new AppError('INVALID_INPUT', `${where} must be ${shape}.`);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== wanted) {
      throw new AppError('INVALID_INPUT', `${where}[${i}] must be an array of ${wanted} value(s); ${where} must be ${shape}.`);
    }
  });
  return rows as unknown[][];
}

function defaultRow(app: App, event: AppEvent): unknown[] {
  return event.inputs.map((key) => {
    const props = app.components.get(key)?.props ?? {};
    if (props.value === undefined) {
      const hint = app.mode === 'interface' ? 'add "examples" to the ui' : `give component "${key}" a "value"`;
      throw new AppError(
        'INVALID_INPUT',
        `/${event.apiName} needs sample inputs and input "${key}" has no default value: ${hint}, or pass --inputs '[[...]]'.`,
      );
    }
    return props.value;
  });
}

export function sampleRows(app: App, event: AppEvent, dir: string, given?: unknown): unknown[][] {
  if (given !== undefined) {
    return checkRows(event, given, '--inputs').map((row, i) => rowValues(app, event, row, process.cwd(), `--inputs[${i}]`));
  }
  if (app.mode === 'interface' && app.examples.length > 0) {
    return checkRows(event, app.examples, '$.ui.examples').map((row, i) => rowValues(app, event, row, dir, `$.ui.examples[${i}]`));
  }
  return [rowValues(app, event, defaultRow(app, event), dir, `/${event.apiName} defaults`)];
}
