import { FILE_COMPONENT_TYPES, type ComponentType } from '../../preload/shared/project/schema-components.js';
import { isFileValue, type FileValue, type LabelValue } from './values.js';

/**
 * Natural values ↔ what a component holds. Inputs: files stay FileValue for JS functions and
 * become paths for models. Outputs: a string becomes a Label for a label, an object with `text`
 * becomes text for a textbox, a path becomes a FileValue for image/audio/file.
 */

/** A model call takes paths where the user gave files. */
export function toModelInput(value: unknown): unknown {
  if (isFileValue(value)) return value.path;
  if (Array.isArray(value)) return value.map(toModelInput);
  return value;
}

function isLabel(value: unknown): value is LabelValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LabelValue).label === 'string' &&
    Array.isArray((value as LabelValue).confidences)
  );
}

function toText(value: unknown): unknown {
  if (typeof value === 'string' || value === null || value === undefined) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isLabel(value)) return value.label;
  if (typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  return JSON.stringify(value, null, 2);
}

function toFile(value: unknown): unknown {
  if (typeof value === 'string') return { kind: 'file', path: value } satisfies FileValue;
  return value;
}

function toLabelValue(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number') return { label: String(value), confidences: [] } satisfies LabelValue;
  return value;
}

export function toComponentValue(type: ComponentType, value: unknown): unknown {
  if (value === undefined) return null;
  if (FILE_COMPONENT_TYPES.has(type)) return toFile(value);
  switch (type) {
    case 'textbox':
    case 'markdown':
      return toText(value);
    case 'label':
      return toLabelValue(value);
    case 'number':
      return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
    default:
      return value;
  }
}
