import type { ReactNode } from 'react';
import type { EditorClient } from '../api/editor-client.js';
import { Canvas } from '../canvas/Canvas.js';
import { Palette } from '../canvas/Palette.js';
import { Inspector } from '../inspector/Inspector.js';
import { useEditor } from '../store/use-editor.js';

/**
 * The editor's frame: the toolbar on top, then three slots: left (component palette / outline),
 * centre (canvas, preview or JSON view) and right (inspector and panels).
 */
export function EditorShell(_props: { readonly client: EditorClient }): ReactNode {
  const { state, dispatch } = useEditor();
  return (
    <div className="editor">
      <header className="editor-toolbar" />
      <div className="editor-body">
        <aside className="editor-left" aria-label="Components">
          <Palette state={state} dispatch={dispatch} />
        </aside>
        <main className="editor-centre">
          <Canvas state={state} dispatch={dispatch} />
        </main>
        <aside className="editor-right" aria-label="Inspector">
          <Inspector state={state} dispatch={dispatch} />
        </aside>
      </div>
    </div>
  );
}
