import { displayText } from '../components/blocks/shared/props.js';
import type { ComponentInfo } from './config.js';
import { fileName, fileUrl } from './values.js';

/**
 * What an example shows for each input (Interface mode's examples, drawn as chips or rows like
 * Gradio's): a thumbnail for an image, a file's name for other files, else the value as short
 * text. Pure.
 */

export type ExampleCell =
  { readonly kind: 'image'; readonly url: string; readonly name: string } | { readonly kind: 'text'; readonly text: string };

const FILE_TYPES = new Set(['image', 'audio', 'video', 'file', 'model3d']);

/** Longer example texts are cut to this many characters (the last one …); the spoken name has the same text. */
export const EXAMPLE_TEXT_MAX = 120;

function shortText(text: string): string {
  return text.length > EXAMPLE_TEXT_MAX ? `${text.slice(0, EXAMPLE_TEXT_MAX - 1)}…` : text;
}

function isFileValue(value: unknown, component: ComponentInfo | undefined): boolean {
  if (component && FILE_TYPES.has(component.type)) return true;
  return typeof value === 'object' && value !== null && 'path' in value;
}

export function exampleCell(value: unknown, component: ComponentInfo | undefined): ExampleCell {
  if (value !== null && value !== undefined && isFileValue(value, component)) {
    const url = fileUrl(value);
    const name = typeof value === 'string' ? (value.split(/[\\/]/).pop() ?? value) : fileName(value);
    if (url !== null && component?.type === 'image') return { kind: 'image', url, name };
    return { kind: 'text', text: name };
  }
  return { kind: 'text', text: shortText(displayText(value)) };
}

/** The words a screen reader hears for one example: "Use example 2: Name: World, Times: 3". */
export function exampleLabel(index: number, cells: readonly ExampleCell[], headers: readonly string[]): string {
  const parts = cells.map((cell, i) => {
    const text = cell.kind === 'image' ? cell.name : cell.text;
    return headers.length > 1 ? `${headers[i] ?? `Input ${i + 1}`}: ${text}` : text;
  });
  return `Use example ${index + 1}: ${parts.join(', ')}`;
}
