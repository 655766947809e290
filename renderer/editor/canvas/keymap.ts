/**
 * The canvas's keys, while it has the focus: arrows select (Up/Down in reading order, Left to the
 * container, Right into it), Alt+arrows move the selection (Up/Down among its siblings, Left out of
 * its container, Right into the container beside it), Delete removes, Mod+D duplicates, Escape
 * selects nothing. Copy, cut and paste come as the browser's clipboard events instead (Mod+C/X/V).
 */

export interface KeyInput {
  readonly key: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

const PLAIN: Readonly<Record<string, string>> = {
  ArrowUp: 'select.previous',
  ArrowDown: 'select.next',
  ArrowLeft: 'select.parent',
  ArrowRight: 'select.child',
  Delete: 'block.delete',
  Backspace: 'block.delete',
  Escape: 'select.none',
};

const WITH_ALT: Readonly<Record<string, string>> = {
  ArrowUp: 'block.moveUp',
  ArrowDown: 'block.moveDown',
  ArrowLeft: 'block.moveOut',
  ArrowRight: 'block.moveIn',
};

/** The action id a key press means on the canvas, or undefined (the key is left to the browser). */
export function canvasCommand(input: KeyInput, mac: boolean): string | undefined {
  const mod = mac ? input.metaKey : input.ctrlKey;
  const other = mac ? input.ctrlKey : input.metaKey;
  if (other || input.shiftKey) return undefined;
  if (input.altKey) return mod ? undefined : WITH_ALT[input.key];
  if (mod) return input.key.toLowerCase() === 'd' ? 'block.duplicate' : undefined;
  return Object.hasOwn(PLAIN, input.key) ? PLAIN[input.key] : undefined;
}
