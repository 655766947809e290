import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DocumentSource } from '../../preload/shared/editor/editor-api.js';
import { createEditorClient, type EditorClient } from './api/editor-client.js';
import { parseDocumentText } from './files/document-text.js';
import { EditorShell } from './shell/EditorShell.js';
import type { JsonObject } from './state/editor-state.js';
import { EditorProvider } from './store/use-editor.js';

type Start =
  | { readonly phase: 'loading' }
  | { readonly phase: 'ready'; readonly doc: JsonObject; readonly source: DocumentSource }
  | { readonly phase: 'failed'; readonly message: string };

/** The editor page: fetches the document the server started with, then shows the editor. */
export function EditorApp(props: { readonly client?: EditorClient }): ReactNode {
  const client = useMemo(() => props.client ?? createEditorClient(), [props.client]);
  const [start, setStart] = useState<Start>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    client
      .session()
      .then((document) => {
        const doc = parseDocumentText(document.text);
        if (live) setStart({ phase: 'ready', doc, source: { path: document.path, template: document.template } });
      })
      .catch((error: unknown) => {
        if (live) setStart({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, [client]);
  if (start.phase === 'loading') return <p className="app-loading">Loading the editor…</p>;
  if (start.phase === 'failed') {
    return (
      <div className="app-error" role="alert">
        <h1>The editor could not start</h1>
        <p>{start.message}</p>
      </div>
    );
  }
  return (
    <EditorProvider initial={start.doc} source={start.source}>
      <EditorShell client={client} />
    </EditorProvider>
  );
}
