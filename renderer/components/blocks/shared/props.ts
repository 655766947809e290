/** Typed reads of Gradio's loosely typed component props. */

export function str(props: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = props[name];
  return typeof value === 'string' ? value : undefined;
}

export function num(props: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = props[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(props: Readonly<Record<string, unknown>>, name: string): boolean | undefined {
  const value = props[name];
  return typeof value === 'boolean' ? value : undefined;
}

/** DOM ids derived from the block id, stable and unique on the page. */
export function domIds(id: number): { readonly input: string; readonly label: string; readonly info: string } {
  return { input: `block-${id}-input`, label: `block-${id}-label`, info: `block-${id}-info` };
}

/** A value shown as text: strings as they are, numbers and booleans printed, objects as JSON. */
export function displayText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return '(a value that cannot be shown as text)';
  }
}
