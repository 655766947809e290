import type { EditorState } from './editor-state.js';

/**
 * An editor command: menus, shortcuts, the command palette, buttons and drag-and-drop all go
 * through registered actions, so everything the user can do is one pure, testable function
 * (Excalidraw's pattern). `perform` never mutates its input.
 */
export interface EditorAction<P = void> {
  /** Stable id, e.g. `block.delete`; the palette and tests name actions by it. */
  readonly id: string;
  /** What the command palette and menus show. */
  readonly label: string;
  /** Extra words the command palette matches. */
  readonly keywords?: readonly string[];
  /** `Mod+Z` style (Mod = Ctrl, or Cmd on macOS); an action without a payload may have one. */
  readonly shortcut?: string;
  /** true: the edit is undoable (it changes the document); false: selection and view only. */
  readonly recordsHistory: boolean;
  /**
   * true: the action needs a payload from the UI (a drop, a field's value), so the command palette
   * offers it only through `paletteEntries`, and it can have no shortcut. Default: false.
   */
  readonly needsPayload?: boolean;
  /** Ready-made payloads the command palette offers as commands (e.g. "Add Textbox" per kind). */
  paletteEntries?(state: EditorState): readonly PaletteEntry<P>[];
  /** false greys the action out (for example delete with nothing selected). Default: enabled. */
  enabled?(state: EditorState): boolean;
  perform(state: EditorState, payload: P): EditorState;
}

/** One command of an action with a payload, as the command palette lists it. */
export interface PaletteEntry<P> {
  readonly label: string;
  readonly payload: P;
  readonly keywords?: readonly string[];
}

/** An action of any payload, as the registry holds them. */
// The payload type is erased in the registry; callers get it back through `get<P>()`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAction = EditorAction<any>;

/** All actions by id; one registry per editor, filled by each area's `register*Actions`. */
export class ActionRegistry {
  private readonly actions = new Map<string, AnyAction>();

  register<P>(action: EditorAction<P>): void {
    if (this.actions.has(action.id)) throw new Error(`Editor action "${action.id}" is registered twice.`);
    this.actions.set(action.id, action);
  }

  get<P = void>(id: string): EditorAction<P> {
    const action = this.actions.get(id) as EditorAction<P> | undefined;
    if (!action) throw new Error(`No editor action "${id}".`);
    return action;
  }

  list(): readonly AnyAction[] {
    return [...this.actions.values()];
  }

  /** The payload-free action bound to a normalized shortcut (`Mod+Shift+Z`), if any. */
  byShortcut(shortcut: string): AnyAction | undefined {
    return this.list().find((action) => action.shortcut === shortcut);
  }
}
