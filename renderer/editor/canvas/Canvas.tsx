import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import './canvas.css';
import type { AreaProps } from '../area-props.js';
import { SELECT } from '../actions/editor-actions.js';
import type { Selection } from '../state/editor-state.js';
import { arrayAt, getIn, own } from '../state/json.js';
import { blocksUi, readingOrder } from '../state/tree.js';
import { CanvasContext, nodeDomId, pathKey, type CanvasContextValue } from './canvas-context.js';
import { EmptyZone, NodeList } from './CanvasNode.js';
import { InterfaceCanvas } from './InterfaceCanvas.js';
import { eventRoles } from './preview-props.js';
import { useCanvasKeys } from './use-canvas-keys.js';

/**
 * The page being built, drawn with the runner's own blocks so it looks like the running demo.
 * Click selects; drag from the palette adds; drag a node to reorder or nest it; with the focus on
 * the canvas, the keyboard does all of it too (keymap.ts). What the last edit did, or why it did
 * nothing, is said in the status line under it.
 */
export function Canvas({ state, dispatch }: AreaProps): ReactNode {
  const root = useRef<HTMLDivElement>(null);
  const [drop, setDrop] = useState<CanvasContextValue['drop']>(null);
  const roles = useMemo(() => eventRoles(state.doc), [state.doc]);
  const numbers = useMemo(() => new Map(readingOrder(state.doc).map((path, i) => [pathKey(path), 100_000 + i])), [state.doc]);
  const onKeyDown = useCanvasKeys(root, state, dispatch);
  const context = useMemo<CanvasContextValue>(
    () => ({ state, dispatch, roles, numbers, drop, setDrop }),
    [state, dispatch, roles, numbers, drop],
  );
  const selection = state.selection;
  const active =
    selection?.area === 'block'
      ? nodeDomId(selection.path)
      : selection?.area === 'interface'
        ? `cv-slot-${selection.side}-${String(selection.index)}`
        : undefined;
  useEffect(() => {
    if (active) document.getElementById(active)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active]);
  const interfaceMode = getIn(state.doc, ['ui', 'type']) === 'interface';
  const ui = blocksUi(state.doc);
  const children = (ui && arrayAt(own(ui, 'children'))) ?? [];
  return (
    <CanvasContext.Provider value={context}>
      <div className="cv-area" data-testid="editor-canvas">
        <div
          ref={root}
          className="cv"
          tabIndex={0}
          role="tree"
          aria-label="Page: arrows select, Alt+arrows move, Delete removes, Ctrl+D duplicates"
          aria-activedescendant={active}
          onKeyDown={onKeyDown}
          onClick={() => dispatch<Selection | null>(SELECT, null)}
          onDragEnd={() => setDrop(null)}
        >
          {interfaceMode ? (
            <InterfaceCanvas />
          ) : ui ? (
            <div className="app app--blocks cv-page">
              {children.length === 0 ? (
                <>
                  <EmptyZone parent={[]} text="An empty page: drag a component here, or click one in the palette." />
                  <button type="button" className="btn btn--small" onClick={() => dispatch('interface.start', undefined)}>
                    Or use the Interface form: inputs → function → outputs
                  </button>
                </>
              ) : (
                <NodeList parent={[]} nodes={children} horizontal={false} />
              )}
            </div>
          ) : (
            <p className="cv-muted">This document has no UI the canvas can draw; see the issues.</p>
          )}
        </div>
        <p className="cv-notice" role="status" aria-live="polite" data-testid="canvas-notice">
          {state.notice ?? ''}
        </p>
      </div>
    </CanvasContext.Provider>
  );
}
