import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { EditorClient } from '../api/editor-client.js';
import { Canvas } from '../canvas/Canvas.js';
import { Palette } from '../canvas/Palette.js';
import { actionCommands } from '../commands/command.js';
import { CommandPalette } from '../commands/CommandPalette.js';
import { isMacPlatform } from '../commands/shortcut.js';
import { useShortcuts } from '../commands/use-shortcuts.js';
import { Inspector } from '../inspector/Inspector.js';
import { selectionKey } from '../issues/issue-selection.js';
import { IssuesPanel } from '../issues/IssuesPanel.js';
import { JsonView } from '../json/JsonView.js';
import { PreviewPane } from '../preview/PreviewPane.js';
import { useEditor } from '../store/use-editor.js';
import { useFiles } from '../files/use-files.js';
import { FileDialogs } from './FileDialogs.js';
import { shellCommands, type CentreView } from './shell-commands.js';
import { StatusBar } from './StatusBar.js';
import { Toolbar } from './Toolbar.js';
import { useBeforeUnload, useDocumentTitle, useNotice } from './use-page-guards.js';

/**
 * The editor's frame: the toolbar on top, then three slots: left (component palette / outline),
 * centre (canvas, JSON view or live preview, the issues below) and right (inspector and panels);
 * the status bar at the bottom. Owns only view state; the document lives in the store.
 */
export function EditorShell(props: { readonly client: EditorClient }): ReactNode {
  const editor = useEditor();
  const { state, dispatch, registry } = editor;
  const mac = useMemo(() => isMacPlatform(typeof navigator === 'undefined' ? undefined : navigator), []);
  const [view, setView] = useState<CentreView>('design');
  const [previewOpened, setPreviewOpened] = useState(false);
  if (view === 'preview' && !previewOpened) setPreviewOpened(true);
  const [issuesOpen, setIssuesOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [notice, notify] = useNotice();
  const files = useFiles(props.client, notify);
  const name = typeof state.doc.name === 'string' ? state.doc.name : '';
  useDocumentTitle(name, editor.path, editor.dirty);
  useBeforeUnload(editor.dirty);
  const toggleIssues = useCallback(() => setIssuesOpen((open) => !open), []);
  const openPalette = useCallback(() => setPaletteOpen(true), []);
  const save = useCallback(() => void files.save(), [files]);

  const commands = useMemo(
    () => [
      ...shellCommands({
        canUndo: editor.canUndo,
        canRedo: editor.canRedo,
        undo: editor.undo,
        redo: editor.redo,
        view,
        setView,
        newProject: files.requestNew,
        open: files.requestOpen,
        save,
        saveAs: files.requestSaveAs,
        toggleIssues,
        openPalette,
      }),
      ...actionCommands(registry, state, dispatch),
    ],
    [editor, view, files, save, toggleIssues, openPalette, registry, state, dispatch],
  );
  useShortcuts(commands, mac, !paletteOpen && files.dialog === null);
  const area = { state, dispatch };

  return (
    <div className="editor" data-view={view} data-selection={selectionKey(state.selection)}>
      <Toolbar
        name={name}
        path={editor.path}
        dirty={editor.dirty}
        canUndo={editor.canUndo}
        canRedo={editor.canRedo}
        busy={files.busy}
        view={view}
        mac={mac}
        onNew={files.requestNew}
        onOpen={files.requestOpen}
        onSave={save}
        onSaveAs={files.requestSaveAs}
        onUndo={editor.undo}
        onRedo={editor.redo}
        onView={setView}
        onPalette={openPalette}
      />
      <div className="editor-body">
        <aside className="editor-left" aria-label="Components">
          <Palette {...area} />
        </aside>
        <main className="editor-centre">
          <div className="editor-centre-view">
            {view === 'design' && <Canvas {...area} />}
            {view === 'json' && <JsonView {...area} />}
            {previewOpened && (
              // Kept once opened, hidden in the other views: switching back shows the same page
              // (and what was typed in it) unless the project changed meanwhile.
              <PreviewPane {...area} client={props.client} source={editor.source} active={view === 'preview'} />
            )}
          </div>
          {issuesOpen && <IssuesPanel {...area} onClose={toggleIssues} />}
        </main>
        <aside className="editor-right" aria-label="Inspector">
          <Inspector {...area} />
        </aside>
      </div>
      <StatusBar
        issues={state.issues.length}
        issuesOpen={issuesOpen}
        onIssues={toggleIssues}
        notice={notice}
        dirty={editor.dirty}
        saved={editor.path !== null}
      />
      <FileDialogs files={files} client={props.client} name={name} path={editor.path} />
      {paletteOpen && <CommandPalette commands={commands} mac={mac} onClose={() => setPaletteOpen(false)} />}
    </div>
  );
}
