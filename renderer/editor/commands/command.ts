import type { ActionRegistry, AnyAction } from '../state/action.js';
import type { EditorState } from '../state/editor-state.js';
import type { Dispatch } from '../store/dispatch.js';
import { normalizeShortcut } from './shortcut.js';

/**
 * One thing the user can do, as the command palette and the shortcut map see it: every registered
 * action (payload-free ones as themselves, the others through their palette entries) and the
 * shell's commands (files, undo/redo, views), which act outside the pure state.
 */
export interface Command {
  readonly id: string;
  readonly label: string;
  /** Where it belongs, for the palette: File, Edit, View, or the action's area. */
  readonly group: string;
  readonly shortcut?: string;
  /** More shortcuts for the same command (Redo is Ctrl+Shift+Z and Ctrl+Y); the palette shows the first. */
  readonly altShortcuts?: readonly string[];
  readonly keywords?: readonly string[];
  /** true: its shortcut fires even while typing in a text field (Save, the palette). */
  readonly global?: boolean;
  readonly enabled: boolean;
  run(): void;
}

/** The area of an action from its id: `block.delete` → Block. */
function groupOf(action: AnyAction): string {
  const area = action.id.split('.')[0] ?? 'Edit';
  return area.charAt(0).toUpperCase() + area.slice(1);
}

/** Every registered action the user can run from the palette or a shortcut, for this state. */
export function actionCommands(registry: ActionRegistry, state: EditorState, dispatch: Dispatch): Command[] {
  const commands: Command[] = [];
  for (const action of registry.list()) {
    const enabled = action.enabled ? action.enabled(state) : true;
    const group = groupOf(action);
    if (!action.needsPayload) {
      commands.push({
        id: action.id,
        label: action.label,
        group,
        ...(action.shortcut ? { shortcut: action.shortcut } : {}),
        ...(action.keywords ? { keywords: action.keywords } : {}),
        enabled,
        run: () => dispatch(action.id, undefined),
      });
    }
    const entries: readonly { label: string; payload: unknown; keywords?: readonly string[] }[] = action.paletteEntries?.(state) ?? [];
    entries.forEach((entry, index) => {
      commands.push({
        id: `${action.id}#${index}`,
        label: entry.label,
        group,
        keywords: [...(action.keywords ?? []), ...(entry.keywords ?? [])],
        enabled,
        run: () => dispatch(action.id, entry.payload),
      });
    });
  }
  return commands;
}

/** Is the key event's target a place where typing happens (so Delete or Z belong to it)? */
export function isTextTarget(target: unknown): boolean {
  // Read structurally (no DOM types): the element's tag, contentEditable and input type.
  if (!target || typeof target !== 'object') return false;
  const element = target as { tagName?: unknown; isContentEditable?: unknown; type?: unknown };
  if (typeof element.tagName !== 'string') return false;
  if (element.isContentEditable === true) return true;
  if (element.tagName === 'TEXTAREA' || element.tagName === 'SELECT') return true;
  if (element.tagName !== 'INPUT') return false;
  return !['button', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'reset', 'image'].includes(String(element.type));
}

/**
 * The command a pressed shortcut runs, if any: enabled, and global when the user is typing in a
 * text field (so Ctrl+Z there undoes the field's text, not the document).
 */
export function commandForShortcut(commands: readonly Command[], pressed: string, inTextField: boolean, mac = false): Command | undefined {
  return commands.find(
    (command) =>
      command.enabled &&
      (!inTextField || command.global === true) &&
      [command.shortcut, ...(command.altShortcuts ?? [])].some(
        (shortcut) => shortcut !== undefined && normalizeShortcut(shortcut, mac) === pressed,
      ),
  );
}
