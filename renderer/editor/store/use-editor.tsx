import { createContext, useCallback, useContext, useMemo, useReducer, type ReactNode } from 'react';
import type { DocumentSource } from '../../../preload/shared/editor/editor-api.js';
import { registerAllActions } from '../actions/register-all.js';
import { ActionRegistry } from '../state/action.js';
import type { EditorState, JsonObject } from '../state/editor-state.js';
import { canRedo, canUndo, type ApplyOptions } from '../state/history.js';
import type { Dispatch } from './dispatch.js';
import { isDirty, openStore, reduceStore, type EditorStore, type StoreEvent } from './editor-store.js';

export type { Dispatch } from './dispatch.js';

export interface EditorContextValue {
  readonly state: EditorState;
  readonly dispatch: Dispatch;
  readonly registry: ActionRegistry;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly undo: () => void;
  readonly redo: () => void;
  /** The file: where it is saved (null: never saved) and whether it has unsaved changes. */
  readonly path: string | null;
  /** Where the document comes from (its file, or its template), as the API wants it. */
  readonly source: DocumentSource;
  readonly dirty: boolean;
  readonly store: EditorStore;
  /** Replaces the document and its history (New, Open). */
  readonly load: (doc: JsonObject, source: DocumentSource) => void;
  /** Marks `doc` as what is on disk at `path` now. */
  readonly markSaved: (doc: JsonObject, path: string) => void;
}

const EditorContext = createContext<EditorContextValue | null>(null);

/** One registry per editor, filled once by every area's `register*Actions`. */
function createRegistry(): ActionRegistry {
  const registry = new ActionRegistry();
  registerAllActions(registry);
  return registry;
}

export function EditorProvider(props: {
  readonly initial: JsonObject;
  readonly source: DocumentSource;
  readonly children: ReactNode;
}): ReactNode {
  const registry = useMemo(createRegistry, []);
  const reducer = useCallback((store: EditorStore, event: StoreEvent) => reduceStore(registry, store, event), [registry]);
  const [store, send] = useReducer(reducer, null, () => openStore(props.initial, props.source));
  // `send` never changes, so neither do these: components may list them as effect dependencies.
  const commands = useMemo<Pick<EditorContextValue, 'dispatch' | 'undo' | 'redo' | 'load' | 'markSaved'>>(
    () => ({
      dispatch: (actionId: string, payload: unknown, options?: ApplyOptions): void =>
        send({ type: 'apply', actionId, payload, ...(options ? { options } : {}) }),
      undo: () => send({ type: 'undo' }),
      redo: () => send({ type: 'redo' }),
      load: (doc: JsonObject, source: DocumentSource) => send({ type: 'load', doc, source }),
      markSaved: (doc: JsonObject, path: string) => send({ type: 'saved', doc, path }),
    }),
    [],
  );
  const value = useMemo<EditorContextValue>(
    () => ({
      ...commands,
      state: store.history.present,
      registry,
      canUndo: canUndo(store.history),
      canRedo: canRedo(store.history),
      path: store.source.path,
      source: store.source,
      dirty: isDirty(store),
      store,
    }),
    [store, registry, commands],
  );
  return <EditorContext.Provider value={value}>{props.children}</EditorContext.Provider>;
}

/** The editor's state and how to change it; only inside <EditorProvider>. */
export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error('useEditor() is used outside <EditorProvider>.');
  return value;
}
