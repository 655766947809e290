import { useCallback, useEffect, useRef, useState } from 'react';
import type { EditorDocument, RecentProject } from '../../../preload/shared/editor/editor-api.js';
import { EditorApiError } from '../api/editor-api-error.js';
import type { EditorClient } from '../api/editor-client.js';
import { parseDocumentText } from './document-text.js';
import { useEditor } from '../store/use-editor.js';

/** Which file dialog is open. `then` runs once the dialog's job is done (after a guard). */
export type FileDialog =
  | { readonly kind: 'new' }
  | { readonly kind: 'open' }
  | { readonly kind: 'save-as'; readonly then?: () => void }
  | { readonly kind: 'confirm-discard'; readonly proceed: () => void };

export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

export interface Files {
  readonly dialog: FileDialog | null;
  readonly closeDialog: () => void;
  readonly recent: readonly RecentProject[];
  readonly refreshRecent: () => void;
  /** Drops a recent entry (a file that is gone). */
  readonly forgetRecent: (path: string) => void;
  /** New and Open ask first when there are unsaved changes. */
  readonly requestNew: () => void;
  readonly requestOpen: () => void;
  readonly requestSaveAs: () => void;
  /** Saves where the file is, or asks where (Save As) for a new project; true once saved. */
  readonly save: () => Promise<boolean>;
  /** Save As; `overwrite` replaces another existing file (asked for after a first refusal). */
  readonly saveAs: (path: string, overwrite?: boolean) => Promise<boolean>;
  /** The path Save As found taken (the dialog asks whether to replace it), or null. */
  readonly taken: string | null;
  /** The guard's Save: saves (asking where for a new project), then goes on with `proceed`. */
  readonly saveThen: (proceed: () => void) => Promise<void>;
  readonly create: (template: string) => Promise<void>;
  readonly open: (path: string) => Promise<void>;
  readonly busy: boolean;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The toolbar's file commands over the editor API, with the unsaved-changes guard. */
export function useFiles(client: EditorClient, notify: (notice: Notice) => void): Files {
  const editor = useEditor();
  const latest = useRef(editor);
  latest.current = editor;
  const [dialog, setDialog] = useState<FileDialog | null>(null);
  const [recent, setRecent] = useState<readonly RecentProject[]>([]);
  const [busy, setBusy] = useState(false);
  const [taken, setTaken] = useState<string | null>(null);

  const refreshRecent = useCallback(() => {
    client.recent().then(setRecent, () => setRecent([]));
  }, [client]);
  useEffect(refreshRecent, [refreshRecent]);

  const guard = useCallback((proceed: () => void) => {
    if (latest.current.dirty) setDialog({ kind: 'confirm-discard', proceed });
    else proceed();
  }, []);

  const loadDocument = useCallback((document: EditorDocument) => {
    latest.current.load(parseDocumentText(document.text), { path: document.path, template: document.template });
  }, []);

  const write = useCallback(
    async (path: string | null, overwrite = false): Promise<boolean> => {
      const doc = latest.current.state.doc;
      setBusy(true);
      setTaken(null);
      try {
        const saved = await client.save({ project: doc, path, source: latest.current.source, overwrite });
        if (saved.path === null) throw new Error('The server saved the project but did not say where.');
        latest.current.markSaved(doc, saved.path);
        notify({ kind: 'info', text: `Saved ${saved.path}` });
        refreshRecent();
        return true;
      } catch (error) {
        if (path !== null && error instanceof EditorApiError && error.status === 409) setTaken(path);
        else notify({ kind: 'error', text: `Could not save: ${message(error)}` });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [client, notify, refreshRecent],
  );

  const save = useCallback(async (): Promise<boolean> => {
    if (latest.current.path === null) {
      setDialog({ kind: 'save-as' });
      return false;
    }
    return write(null);
  }, [write]);

  const run = useCallback(
    async (what: string, task: () => Promise<EditorDocument>): Promise<void> => {
      setBusy(true);
      try {
        loadDocument(await task());
        setDialog(null);
        refreshRecent();
      } catch (error) {
        notify({ kind: 'error', text: `Could not ${what}: ${message(error)}` });
      } finally {
        setBusy(false);
      }
    },
    [loadDocument, notify, refreshRecent],
  );

  return {
    dialog,
    closeDialog: useCallback(() => {
      setDialog(null);
      setTaken(null);
    }, []),
    taken,
    recent,
    refreshRecent,
    forgetRecent: useCallback(
      (path: string) => {
        client
          .forgetRecent(path)
          .then(setRecent, (error: unknown) => notify({ kind: 'error', text: `Could not forget ${path}: ${message(error)}` }));
      },
      [client, notify],
    ),
    requestNew: useCallback(() => guard(() => setDialog({ kind: 'new' })), [guard]),
    requestOpen: useCallback(() => guard(() => setDialog({ kind: 'open' })), [guard]),
    requestSaveAs: useCallback(() => setDialog({ kind: 'save-as' }), []),
    save,
    saveAs: useCallback(
      async (path: string, overwrite = false) => {
        const then = dialog?.kind === 'save-as' ? dialog.then : undefined;
        const saved = await write(path, overwrite);
        if (saved) {
          setDialog(null);
          then?.();
        }
        return saved;
      },
      [dialog, write],
    ),
    saveThen: useCallback(
      async (proceed: () => void) => {
        if (latest.current.path === null) setDialog({ kind: 'save-as', then: proceed });
        else if (await write(null)) proceed();
      },
      [write],
    ),
    create: useCallback((template: string) => run('create the project', () => client.create(template)), [client, run]),
    open: useCallback((path: string) => run(`open ${path}`, () => client.open(path)), [client, run]),
    busy,
  };
}
