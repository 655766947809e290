/**
 * Keyboard shortcuts as strings: `Mod+Shift+Z`, where Mod is Ctrl (Cmd on macOS). Actions declare
 * them that way; a key event is turned into the same canonical form, so matching is string
 * equality, and the same text is shown (Ctrl+Shift+Z or ⌘⇧Z) in menus and the command palette.
 */

/**
 * Modifiers in canonical order. `Ctrl` is the literal Control key on macOS only (elsewhere it is
 * Mod); `Meta` is the Windows/Super key off macOS (there it is Mod).
 */
const MODIFIERS = ['Mod', 'Ctrl', 'Meta', 'Alt', 'Shift'] as const;

/** Keys spelled the same way everywhere (`event.key` values, or letters in upper case). */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  ' ': 'Space',
  Esc: 'Escape',
  Del: 'Delete',
  Up: 'ArrowUp',
  Down: 'ArrowDown',
  Left: 'ArrowLeft',
  Right: 'ArrowRight',
  Return: 'Enter',
  Plus: '+',
};

/** What a shortcut needs from a key event (KeyboardEvent and React's KeyboardEvent both fit). */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  /** `KeyZ`: the physical key, used when Alt (Option on macOS) changed `key` into another letter. */
  readonly code?: string;
}

function normalizeKey(key: string): string {
  const alias = KEY_ALIASES[key] ?? key;
  return alias.length === 1 ? alias.toUpperCase() : alias;
}

/**
 * `mod+shift+z`, `Shift+Mod+Z` and `Mod+Shift+z` all become `Mod+Shift+Z`. On macOS `Cmd` means
 * Mod; elsewhere `Ctrl` does, and `Cmd`/`Meta` is kept as `Meta`. Throws for an empty key.
 */
export function normalizeShortcut(shortcut: string, mac = false): string {
  const parts = shortcut.split(/\+(?!$)/).map((part) => part.trim());
  const key = parts.pop();
  if (!key) throw new Error(`Shortcut "${shortcut}" has no key.`);
  const modifiers = new Set<string>();
  for (const part of parts) modifiers.add(canonicalModifier(part.toLowerCase(), mac));
  return [...MODIFIERS.filter((m) => modifiers.has(m)), normalizeKey(key)].join('+');
}

function canonicalModifier(name: string, mac: boolean): string {
  if (name === 'mod') return 'Mod';
  if (name === 'cmd' || name === 'meta' || name === 'command') return mac ? 'Mod' : 'Meta';
  if (name === 'ctrl' || name === 'control') return mac ? 'Ctrl' : 'Mod';
  if (name === 'alt' || name === 'option' || name === 'opt') return 'Alt';
  if (name === 'shift') return 'Shift';
  throw new Error(`Unknown modifier "${name}" (use Mod, Ctrl, Alt or Shift).`);
}

/** The canonical shortcut a key event is, or null for a bare modifier press. */
export function eventShortcut(event: KeyLike, mac = false): string | null {
  if (['Control', 'Meta', 'Alt', 'Shift', 'OS'].includes(event.key)) return null;
  const parts: string[] = [];
  if (mac ? event.metaKey : event.ctrlKey) parts.push('Mod');
  if (mac && event.ctrlKey) parts.push('Ctrl');
  if (!mac && event.metaKey) parts.push('Meta');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  return [...parts, normalizeKey(eventKey(event))].join('+');
}

/** With Alt (Option on macOS) `key` may be `Ω` for Z: the physical letter or digit is meant. */
function eventKey(event: KeyLike): string {
  if (event.altKey && event.code) {
    const letter = /^Key([A-Z])$/.exec(event.code)?.[1] ?? /^Digit(\d)$/.exec(event.code)?.[1];
    if (letter) return letter;
  }
  return event.key;
}

const MAC_SYMBOLS: Readonly<Record<string, string>> = { Mod: '⌘', Ctrl: '⌃', Alt: '⌥', Shift: '⇧', Meta: '⌘' };

/** How a shortcut is shown: `Ctrl+Shift+Z`, or `⌘⇧Z` on macOS. */
export function formatShortcut(shortcut: string, mac = false): string {
  const parts = normalizeShortcut(shortcut, mac).split(/\+(?!$)/);
  const key = parts.pop() ?? '';
  if (mac) return parts.map((part) => MAC_SYMBOLS[part] ?? part).join('') + key;
  return [...parts.map((part) => (part === 'Mod' ? 'Ctrl' : part)), key].join('+');
}

/** Whether this browser runs on macOS (Cmd is Mod there). */
export function isMacPlatform(nav: { readonly platform?: string; readonly userAgent?: string } | undefined): boolean {
  return /Mac|iPhone|iPad/.test(nav?.platform ?? nav?.userAgent ?? '');
}
