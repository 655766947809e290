import { createContext, useContext } from 'react';
import type { EditorState } from '../state/editor-state.js';
import type { Dispatch } from '../store/use-editor.js';
import type { DropTarget } from './drop-place.js';
import type { eventRoles } from './preview-props.js';

/** What every node of the canvas needs: the state, how to change it, and the drag in progress. */
export interface CanvasContextValue {
  readonly state: EditorState;
  readonly dispatch: Dispatch;
  readonly roles: ReturnType<typeof eventRoles>;
  /** A number per node (its place in reading order) for the blocks' DOM ids, unique on the page. */
  readonly numbers: ReadonlyMap<string, number>;
  /** The node under the pointer during a drag and where the drop would land ("0.1": its path joined). */
  readonly drop: { readonly key: string; readonly target: DropTarget } | null;
  readonly setDrop: (drop: { readonly key: string; readonly target: DropTarget } | null) => void;
}

export const CanvasContext = createContext<CanvasContextValue | null>(null);

export function useCanvas(): CanvasContextValue {
  const value = useContext(CanvasContext);
  if (!value) throw new Error('A canvas node is drawn outside <Canvas>.');
  return value;
}

/** A DOM id for the node at `path` (the canvas's aria-activedescendant points at it). */
export const nodeDomId = (path: readonly number[]): string => `cv-node-${path.join('-') || 'root'}`;
export const pathKey = (path: readonly number[]): string => path.join('.');
