import type { JsonObject } from '../state/editor-state.js';

/** A project file's text as the editor's document: it must be a JSON object (the schema checks the rest). */
export function parseDocumentText(text: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('The project file is not a JSON object: project.json holds one object ({ "version": 1, ... }).');
  }
  return value as JsonObject;
}
