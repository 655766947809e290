import { useState, type DragEvent, type ReactNode } from 'react';
import { blockFor } from '../../components/blocks/registry.js';
import { MarkdownView } from '../../components/blocks/markdown/MarkdownView.js';
import { SELECT } from '../actions/editor-actions.js';
import type { InterfaceAddPayload, InterfaceMovePayload, Side } from '../actions/interface-actions.js';
import type { JsonObject, Selection } from '../state/editor-state.js';
import { arrayAt, getIn, isObject, objectAt, own, stringAt } from '../state/json.js';
import { isComponentType, kindName } from '../state/new-nodes.js';
import { useCanvas } from './canvas-context.js';
import { currentDrag, endDrag, startDrag } from './drag-state.js';
import { decodeDrag, DRAG_TYPE, encodeDrag } from './drop-place.js';
import { InterfaceForm } from './InterfaceForm.js';
import { componentPreview } from './preview-props.js';

/**
 * Interface mode: the form (function, title, description, examples, Convert to Blocks) and the
 * page as the runner draws an Interface: the inputs in one panel with Clear and Submit, the outputs
 * in another. Components drop into either side, reorder within it and move between the two.
 */

const noop = (): void => undefined;
const NONE: ReadonlySet<string> = new Set();

/** An interface slot as a drag item: the path is [side (0 inputs, 1 outputs), index]. */
const sideIndex = (side: Side): number => (side === 'inputs' ? 0 : 1);
const sideOf = (n: number | undefined): Side => (n === 1 ? 'outputs' : 'inputs');

export function InterfaceCanvas(): ReactNode {
  const { state } = useCanvas();
  const ui = objectAt(own(state.doc, 'ui')) ?? {};
  const description = stringAt(own(ui, 'description')) ?? stringAt(own(state.doc, 'description'));
  return (
    <>
      <InterfaceForm />
      <div className="app app--interface cv-page">
        <header className="app-header">
          <h1>{stringAt(own(ui, 'title')) ?? stringAt(own(state.doc, 'name')) ?? 'Demo'}</h1>
          {description ? <MarkdownView className="app-description" source={description} /> : null}
        </header>
        <div className="layout-row">
          <SideColumn side="inputs" />
          <SideColumn side="outputs" />
        </div>
      </div>
    </>
  );
}

function SideColumn({ side }: { readonly side: Side }): ReactNode {
  const { state, dispatch } = useCanvas();
  const [over, setOver] = useState<number | null>(null);
  const items = arrayAt(getIn(state.doc, ['ui', side])) ?? [];
  const onDragOver = (event: DragEvent, index: number): void => {
    const item = currentDrag();
    if (!item || (item.kind === 'new' && !isComponentType(item.type))) return;
    event.preventDefault();
    event.stopPropagation();
    setOver(index);
  };
  const onDrop = (event: DragEvent, index: number): void => {
    const item = decodeDrag(event.dataTransfer.getData(DRAG_TYPE)) ?? currentDrag();
    setOver(null);
    endDrag();
    if (!item) return;
    event.preventDefault();
    event.stopPropagation();
    if (item.kind === 'new') dispatch<InterfaceAddPayload>('interface.add', { side, type: item.type, index });
    else
      dispatch<InterfaceMovePayload>('interface.move', {
        from: { side: sideOf(item.path[0]), index: item.path[1] ?? 0 },
        to: { side, index },
      });
  };
  const zone = (index: number): { onDragOver: (e: DragEvent) => void; onDrop: (e: DragEvent) => void } => ({
    onDragOver: (e) => onDragOver(e, index),
    onDrop: (e) => onDrop(e, index),
  });
  return (
    <div className="layout-column is-panel cv-side" data-testid={`interface-${side}`} onDragLeave={() => setOver(null)}>
      <span className="cv-side-title">{side === 'inputs' ? 'Inputs' : 'Outputs'}</span>
      {items.map((item, index) =>
        isObject(item) ? <Slot key={index} node={item} side={side} index={index} dropBefore={over === index} zone={zone(index)} /> : null,
      )}
      <div className={over === items.length ? 'cv-empty is-drop' : 'cv-empty'} {...zone(items.length)}>
        {items.length === 0 ? `Drop ${side} here` : `Drop more ${side} here`}
      </div>
      {side === 'inputs' ? (
        <div className="layout-row cv-buttons" inert>
          <button type="button" className="btn btn--secondary">
            Clear
          </button>
          <button type="button" className="btn btn--primary">
            Submit
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Slot(props: {
  readonly node: JsonObject;
  readonly side: Side;
  readonly index: number;
  readonly dropBefore: boolean;
  readonly zone: { onDragOver: (e: DragEvent) => void; onDrop: (e: DragEvent) => void };
}): ReactNode {
  const { state, dispatch } = useCanvas();
  const selection = state.selection;
  const selected = selection?.area === 'interface' && selection.side === props.side && selection.index === props.index;
  const preview = componentPreview(props.node);
  const Block = blockFor(preview.type);
  const label = [kindName(own(props.node, 'type')), preview.key].filter(Boolean).join(' · ');
  const path = [sideIndex(props.side), props.index];
  return (
    <div
      id={`cv-slot-${props.side}-${String(props.index)}`}
      className={['cv-node', 'cv-component', selected ? 'is-selected' : '', props.dropBefore ? 'drop-before' : '']
        .filter(Boolean)
        .join(' ')}
      role="treeitem"
      aria-selected={selected}
      aria-label={label}
      data-testid={`canvas-node-${preview.key ?? `${props.side}-${String(props.index)}`}`}
      draggable
      onDragStart={(event) => {
        event.stopPropagation();
        event.dataTransfer.setData(DRAG_TYPE, encodeDrag({ kind: 'move', path }));
        startDrag({ kind: 'move', path });
      }}
      onDragEnd={endDrag}
      onClick={(event) => {
        event.stopPropagation();
        dispatch<Selection>(SELECT, { area: 'interface', side: props.side, index: props.index });
      }}
      {...props.zone}
    >
      <span className="cv-tag" aria-hidden="true">
        {label}
      </span>
      <div className="cv-block slot" inert>
        {Block ? (
          <Block
            id={200_000 + sideIndex(props.side) * 1000 + props.index}
            type={preview.type}
            elemKey={`cv-${preview.key ?? String(props.index)}`}
            props={preview.props}
            value={preview.value}
            interactive={typeof preview.props.interactive === 'boolean' ? preview.props.interactive : props.side === 'inputs'}
            listens={NONE}
            onChange={noop}
            onEvent={noop}
          />
        ) : (
          <div className="cv-state">{label}</div>
        )}
      </div>
    </div>
  );
}
