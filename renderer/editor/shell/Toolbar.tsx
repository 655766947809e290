import type { ReactNode } from 'react';
import { formatShortcut } from '../commands/shortcut.js';
import { shortFileName } from '../files/file-names.js';
import { ThemeToggle } from '../../runner/ThemeToggle.js';
import type { CentreView } from './shell-commands.js';

export interface ToolbarProps {
  readonly name: string;
  readonly path: string | null;
  readonly dirty: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly busy: boolean;
  readonly view: CentreView;
  readonly mac: boolean;
  readonly onNew: () => void;
  readonly onOpen: () => void;
  readonly onSave: () => void;
  readonly onSaveAs: () => void;
  readonly onUndo: () => void;
  readonly onRedo: () => void;
  readonly onView: (view: CentreView) => void;
  readonly onPalette: () => void;
}

/** The editor's top bar: files, history, the file's name, the views, Run, the palette, the theme. */
export function Toolbar(props: ToolbarProps): ReactNode {
  const key = (shortcut: string): string => formatShortcut(shortcut, props.mac);
  return (
    <header className="editor-toolbar">
      <div className="editor-toolbar-group" role="toolbar" aria-label="File">
        <span className="editor-brand" aria-hidden="true">
          ◆
        </span>
        <ToolButton label="New" title="New project from a template" onClick={props.onNew} />
        <ToolButton label="Open" title={`Open a project (${key('Mod+O')})`} onClick={props.onOpen} />
        <ToolButton label="Save" title={`Save (${key('Mod+S')})`} onClick={props.onSave} disabled={props.busy} testId="save" />
        <ToolButton label="Save as" title={`Save as (${key('Mod+Shift+S')})`} onClick={props.onSaveAs} disabled={props.busy} />
        <span className="editor-toolbar-sep" aria-hidden="true" />
        <ToolButton icon="↶" label="Undo" title={`Undo (${key('Mod+Z')})`} onClick={props.onUndo} disabled={!props.canUndo} iconOnly />
        <ToolButton
          icon="↷"
          label="Redo"
          title={`Redo (${key('Mod+Shift+Z')})`}
          onClick={props.onRedo}
          disabled={!props.canRedo}
          iconOnly
        />
      </div>
      <div className="editor-title" data-testid="editor-title">
        <span className="editor-title-name">{props.name || 'Untitled project'}</span>
        <span className="editor-title-file" title={props.path ?? 'Not saved yet'}>
          {shortFileName(props.path)}
        </span>
        {props.dirty && (
          <span className="editor-dirty" role="img" aria-label="Unsaved changes" title="Unsaved changes" data-testid="dirty-dot" />
        )}
      </div>
      <div className="editor-toolbar-group editor-toolbar-end">
        <div className="editor-segmented" role="group" aria-label="View">
          <ViewButton view="design" current={props.view} label="Design" title={`The canvas (${key('Alt+1')})`} onView={props.onView} />
          <ViewButton view="json" current={props.view} label="JSON" title={`The project as JSON (${key('Alt+2')})`} onView={props.onView} />
        </div>
        <button
          type="button"
          className={props.view === 'preview' ? 'btn editor-run is-on' : 'btn btn--primary editor-run'}
          aria-pressed={props.view === 'preview'}
          title={`Run the project as it is now, unsaved (${key('Mod+Enter')})`}
          data-testid="run-toggle"
          onClick={() => props.onView(props.view === 'preview' ? 'design' : 'preview')}
        >
          <span aria-hidden="true">{props.view === 'preview' ? '■' : '▶'}</span> {props.view === 'preview' ? 'Close preview' : 'Preview'}
        </button>
        <button
          type="button"
          className="editor-palette-button"
          onClick={props.onPalette}
          title="Every command, searchable"
          data-testid="palette-button"
        >
          <span>Commands</span>
          <kbd>{key('Mod+K')}</kbd>
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}

function ToolButton(props: {
  readonly label: string;
  readonly title: string;
  readonly onClick: () => void;
  readonly disabled?: boolean;
  readonly icon?: string;
  readonly iconOnly?: boolean;
  readonly testId?: string;
}): ReactNode {
  return (
    <button
      type="button"
      className={props.iconOnly ? 'editor-tool editor-tool--icon' : 'editor-tool'}
      title={props.title}
      aria-label={props.label}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      {props.icon && <span aria-hidden="true">{props.icon}</span>}
      {!props.iconOnly && props.label}
    </button>
  );
}

function ViewButton(props: {
  readonly view: CentreView;
  readonly current: CentreView;
  readonly label: string;
  readonly title: string;
  readonly onView: (view: CentreView) => void;
}): ReactNode {
  return (
    <button
      type="button"
      className={props.current === props.view ? 'editor-segment is-selected' : 'editor-segment'}
      aria-pressed={props.current === props.view}
      title={props.title}
      onClick={() => props.onView(props.view)}
    >
      {props.label}
    </button>
  );
}
