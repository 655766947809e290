import type { Command } from '../commands/command.js';

/** The centre's views: the canvas, the JSON text, or the live preview. */
export type CentreView = 'design' | 'json' | 'preview';

/** What the shell's commands act on (the toolbar's buttons call the same functions). */
export interface ShellContext {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly undo: () => void;
  readonly redo: () => void;
  readonly view: CentreView;
  readonly setView: (view: CentreView) => void;
  readonly newProject: () => void;
  readonly open: () => void;
  readonly save: () => void;
  readonly saveAs: () => void;
  readonly toggleIssues: () => void;
  readonly openPalette: () => void;
}

/**
 * The shell's commands: files, history, views. Global ones (marked) fire even in a text field.
 * Ctrl+N is the browser's (a new window; a page cannot take it), so New has no shortcut.
 */
export function shellCommands(context: ShellContext): Command[] {
  const view = (id: CentreView, label: string, shortcut: string, keywords: string[]): Command => ({
    id: `view.${id}`,
    label,
    group: 'View',
    shortcut,
    keywords,
    enabled: context.view !== id,
    run: () => context.setView(id),
  });
  return [
    { id: 'file.new', label: 'New project…', group: 'File', keywords: ['template', 'create'], enabled: true, run: context.newProject },
    {
      id: 'file.open',
      label: 'Open…',
      group: 'File',
      shortcut: 'Mod+O',
      global: true,
      keywords: ['recent'],
      enabled: true,
      run: context.open,
    },
    { id: 'file.save', label: 'Save', group: 'File', shortcut: 'Mod+S', global: true, enabled: true, run: context.save },
    { id: 'file.saveAs', label: 'Save as…', group: 'File', shortcut: 'Mod+Shift+S', global: true, enabled: true, run: context.saveAs },
    { id: 'edit.undo', label: 'Undo', group: 'Edit', shortcut: 'Mod+Z', enabled: context.canUndo, run: context.undo },
    {
      id: 'edit.redo',
      label: 'Redo',
      group: 'Edit',
      shortcut: 'Mod+Shift+Z',
      altShortcuts: ['Ctrl+Y'],
      enabled: context.canRedo,
      run: context.redo,
    },
    {
      id: 'view.run',
      label: context.view === 'preview' ? 'Back to the design' : 'Run: live preview',
      group: 'View',
      shortcut: 'Mod+Enter',
      global: true,
      keywords: ['preview', 'run', 'toggle', 'play'],
      enabled: true,
      run: () => context.setView(context.view === 'preview' ? 'design' : 'preview'),
    },
    view('design', 'Show the design (canvas)', 'Alt+1', ['canvas', 'blocks']),
    view('json', 'Show the JSON', 'Alt+2', ['json', 'source', 'text', 'code']),
    view('preview', 'Show the live preview', 'Alt+3', ['run', 'preview']),
    {
      id: 'view.issues',
      label: 'Show or hide the issues',
      group: 'View',
      shortcut: 'Mod+Shift+M',
      keywords: ['problems', 'errors'],
      enabled: true,
      run: context.toggleIssues,
    },
    {
      id: 'palette.open',
      label: 'Command palette',
      group: 'View',
      shortcut: 'Mod+K',
      global: true,
      enabled: true,
      run: context.openPalette,
    },
  ];
}
