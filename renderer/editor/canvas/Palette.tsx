import type { ReactNode } from 'react';
import type { AddPayload } from '../actions/block-add-actions.js';
import type { AreaProps } from '../area-props.js';
import { getIn } from '../state/json.js';
import { kindName, PALETTE_COMPONENTS, PALETTE_LAYOUTS } from '../state/new-nodes.js';
import { endDrag, startDrag } from './drag-state.js';
import { DRAG_TYPE, encodeDrag } from './drop-place.js';

const HINTS: Readonly<Record<string, string>> = {
  row: 'Side by side',
  column: 'One under another',
  tabs: 'Tabs, with a first tab',
  tab: 'One more tab (inside tabs)',
  accordion: 'Folds open and shut',
  group: 'Boxed together',
};

/**
 * Every component kind the runner draws and every layout: drag one onto the canvas, or click it
 * (Enter, from the keyboard) to add it into the selected container or after the selection.
 */
export function Palette({ state, dispatch }: AreaProps): ReactNode {
  const interfaceMode = getIn(state.doc, ['ui', 'type']) === 'interface';
  const item = (type: string, disabled: boolean): ReactNode => (
    <li key={type}>
      <button
        type="button"
        className="pal-item"
        data-testid={`add-${type}`}
        draggable={!disabled}
        disabled={disabled}
        title={HINTS[type]}
        onDragStart={(event) => {
          event.dataTransfer.setData(DRAG_TYPE, encodeDrag({ kind: 'new', type }));
          event.dataTransfer.effectAllowed = 'copy';
          startDrag({ kind: 'new', type });
        }}
        onDragEnd={endDrag}
        onClick={() => dispatch<AddPayload>('block.add', { type })}
      >
        <span className={`pal-icon pal-icon--${type}`} aria-hidden="true" />
        {kindName(type)}
      </button>
    </li>
  );
  return (
    <nav className="pal" aria-label="Add to the page" data-testid="editor-palette">
      <h2 className="pal-title">Components</h2>
      <ul className="pal-list">{PALETTE_COMPONENTS.map((type) => item(type, false))}</ul>
      <h2 className="pal-title">Layout</h2>
      {interfaceMode ? <p className="pal-note">An Interface has no layout: convert it to Blocks to use rows, columns and tabs.</p> : null}
      <ul className="pal-list">{PALETTE_LAYOUTS.map((type) => item(type, interfaceMode))}</ul>
    </nav>
  );
}
