import { useState, type DragEvent, type MouseEvent, type ReactNode } from 'react';
import { blockFor } from '../../components/blocks/registry.js';
import { sizing } from '../../runner/BlockSlot.js';
import { SELECT } from '../actions/editor-actions.js';
import type { JsonObject, JsonValue, Selection } from '../state/editor-state.js';
import { arrayAt, isObject, own, stringAt } from '../state/json.js';
import { kindName } from '../state/new-nodes.js';
import { isLayout, isPrefix, samePath, type NodePath } from '../state/tree.js';
import { nodeDomId, pathKey, useCanvas } from './canvas-context.js';
import { startDrag, endDrag } from './drag-state.js';
import { DRAG_TYPE, encodeDrag } from './drop-place.js';
import { componentPreview, isInteractive, layoutProps } from './preview-props.js';
import { useDrop } from './use-drop.js';

/**
 * One node of the page on the canvas: the runner's own block, drawn inert (nothing inside takes a
 * click, a key or the focus) in a frame that selects, drags and takes drops; a layout draws as the
 * runner's container with its children, outlined so an empty row or column can still be seen.
 */

const noop = (): void => undefined;
const NO_LISTENERS: ReadonlySet<string> = new Set();

function nodeLabel(node: JsonObject): string {
  const id = stringAt(own(node, 'id'));
  const label = stringAt(own(node, 'label'));
  return [kindName(own(node, 'type')), id ?? label].filter(Boolean).join(' · ');
}

export function NodeList(props: {
  readonly parent: NodePath;
  readonly nodes: readonly JsonValue[];
  readonly horizontal: boolean;
}): ReactNode {
  return props.nodes.map((node, i) => {
    const path = [...props.parent, i];
    return isObject(node) ? <CanvasNode key={pathKey(path)} node={node} path={path} horizontal={props.horizontal} /> : null;
  });
}

/** An empty container's drop zone: what goes in lands at index 0. */
export function EmptyZone(props: { readonly parent: NodePath; readonly text: string }): ReactNode {
  const { drop } = useCanvas();
  const handlers = useDrop(props.parent, { container: true, horizontal: false, childCount: 0, place: { parent: props.parent, index: 0 } });
  const active = drop?.key === `${pathKey(props.parent)}:zone`;
  return (
    <div className={active ? 'cv-empty is-drop' : 'cv-empty'} {...handlers}>
      {props.text}
    </div>
  );
}

function CanvasNode(props: { readonly node: JsonObject; readonly path: NodePath; readonly horizontal: boolean }): ReactNode {
  const { node, path } = props;
  const { state, dispatch, drop } = useCanvas();
  const layout = isLayout(node);
  const children = layout ? (arrayAt(own(node, 'children')) ?? []) : [];
  const handlers = useDrop(path, {
    container: layout && own(node, 'type') !== 'tabs',
    horizontal: props.horizontal,
    childCount: children.length,
  });
  const selection = state.selection;
  const selected = selection?.area === 'block' && samePath(selection.path, path);
  const side = drop?.key === pathKey(path) ? drop.target.side : null;
  const onClick = (event: MouseEvent): void => {
    event.stopPropagation();
    dispatch<Selection>(SELECT, { area: 'block', path });
  };
  const onDragStart = (event: DragEvent): void => {
    event.stopPropagation();
    event.dataTransfer.setData(DRAG_TYPE, encodeDrag({ kind: 'move', path }));
    event.dataTransfer.effectAllowed = 'move';
    startDrag({ kind: 'move', path });
  };
  const classes = [
    'cv-node',
    layout ? `cv-layout cv-layout--${stringAt(own(node, 'type')) ?? 'column'}` : 'cv-component',
    selected ? 'is-selected' : '',
    side ? `drop-${side}` : '',
    props.horizontal ? 'in-row' : '',
  ];
  const style = sizing(layout ? layoutProps(node) : componentPreview(node).props);
  return (
    <div
      id={nodeDomId(path)}
      className={classes.filter(Boolean).join(' ')}
      style={style}
      role="treeitem"
      aria-selected={selected}
      aria-level={path.length}
      aria-label={nodeLabel(node)}
      data-testid={`canvas-node-${stringAt(own(node, 'id')) ?? pathKey(path)}`}
      draggable
      onDragStart={onDragStart}
      onDragEnd={endDrag}
      onClick={onClick}
      {...handlers}
    >
      <span className="cv-tag" aria-hidden="true">
        {nodeLabel(node)}
      </span>
      {layout ? <LayoutBody node={node} path={path} children_={children} /> : <ComponentBody node={node} path={path} />}
    </div>
  );
}

function ComponentBody(props: { readonly node: JsonObject; readonly path: NodePath }): ReactNode {
  const { roles, numbers } = useCanvas();
  const preview = componentPreview(props.node);
  const Block = blockFor(preview.type);
  if (preview.type === 'state') return <div className="cv-state">State: a value kept per session, not shown.</div>;
  if (!Block) return <div className="cv-state">No block draws “{preview.type}”.</div>;
  return (
    // inert: the block is a picture of itself; clicks, keys and focus belong to the frame.
    <div className="cv-block slot" inert>
      <Block
        id={numbers.get(pathKey(props.path)) ?? 100_000}
        type={preview.type}
        elemKey={`cv-${preview.key ?? pathKey(props.path)}`}
        props={preview.props}
        value={preview.value}
        interactive={isInteractive(preview, roles)}
        listens={preview.key ? (roles.listens.get(preview.key) ?? NO_LISTENERS) : NO_LISTENERS}
        onChange={noop}
        onEvent={noop}
      />
    </div>
  );
}

function LayoutBody(props: { readonly node: JsonObject; readonly path: NodePath; readonly children_: readonly JsonValue[] }): ReactNode {
  const { node, path, children_: children } = props;
  const type = stringAt(own(node, 'type'));
  const variant = stringAt(own(node, 'variant'));
  const inner =
    children.length === 0 ? (
      <EmptyZone
        parent={path}
        text={type === 'tab' ? 'Drop components into this tab' : `Drop components into this ${kindName(type).toLowerCase()}`}
      />
    ) : (
      <NodeList parent={path} nodes={children} horizontal={type === 'row'} />
    );
  switch (type) {
    case 'row':
      return <div className={`layout-row cv-children${variant ? ` is-${variant}` : ''}`}>{inner}</div>;
    case 'group':
      return <div className="layout-group cv-children">{inner}</div>;
    case 'tabs':
      return <TabsBody node={node} path={path} tabs={children} />;
    case 'accordion':
      return (
        <div className="layout-accordion">
          <div className="cv-summary">
            {stringAt(own(node, 'label')) ?? 'Details'}
            {own(node, 'open') === false ? <span className="cv-muted"> (closed at start)</span> : null}
          </div>
          <div className="layout-accordion-body cv-children">{inner}</div>
        </div>
      );
    default:
      return <div className={`layout-column cv-children${variant ? ` is-${variant}` : ''}`}>{inner}</div>;
  }
}

/** Tabs: the tab headers (each a node: select, drag to reorder, drop into) and the shown tab's contents. */
function TabsBody(props: { readonly node: JsonObject; readonly path: NodePath; readonly tabs: readonly JsonValue[] }): ReactNode {
  const { state } = useCanvas();
  const [chosen, setChosen] = useState(0);
  const selection = state.selection;
  const inside = selection?.area === 'block' && selection.path.length > props.path.length && isPrefix(props.path, selection.path);
  const shown = Math.min(inside ? (selection.path[props.path.length] ?? 0) : chosen, Math.max(0, props.tabs.length - 1));
  const tab = props.tabs[shown];
  return (
    <div className="layout-tabs">
      <div className="tab-list cv-tab-list" role="group">
        {props.tabs.map((t, i) =>
          isObject(t) ? <TabHeader key={i} tab={t} path={[...props.path, i]} shown={i === shown} onShow={() => setChosen(i)} /> : null,
        )}
      </div>
      <div className="tab-panel cv-children">
        {isObject(tab) ? (
          (arrayAt(own(tab, 'children')) ?? []).length === 0 ? (
            <EmptyZone parent={[...props.path, shown]} text="Drop components into this tab" />
          ) : (
            <NodeList parent={[...props.path, shown]} nodes={arrayAt(own(tab, 'children')) ?? []} horizontal={false} />
          )
        ) : (
          <p className="cv-muted">No tabs: add a Tab from the palette.</p>
        )}
      </div>
    </div>
  );
}

function TabHeader(props: {
  readonly tab: JsonObject;
  readonly path: NodePath;
  readonly shown: boolean;
  readonly onShow: () => void;
}): ReactNode {
  const { state, dispatch, drop } = useCanvas();
  const count = (arrayAt(own(props.tab, 'children')) ?? []).length;
  const handlers = useDrop(props.path, { container: true, horizontal: true, childCount: count });
  const selection = state.selection;
  const selected = selection?.area === 'block' && samePath(selection.path, props.path);
  const side = drop?.key === pathKey(props.path) ? drop.target.side : null;
  return (
    <div
      id={nodeDomId(props.path)}
      className={['tab', 'cv-tab', props.shown ? 'is-selected' : '', selected ? 'is-node-selected' : '', side ? `drop-${side}` : '']
        .filter(Boolean)
        .join(' ')}
      role="treeitem"
      aria-selected={selected}
      aria-label={nodeLabel(props.tab)}
      data-testid={`canvas-tab-${pathKey(props.path)}`}
      draggable
      onDragStart={(event) => {
        event.stopPropagation();
        event.dataTransfer.setData(DRAG_TYPE, encodeDrag({ kind: 'move', path: props.path }));
        startDrag({ kind: 'move', path: props.path });
      }}
      onDragEnd={endDrag}
      onClick={(event) => {
        event.stopPropagation();
        props.onShow();
        dispatch<Selection>(SELECT, { area: 'block', path: props.path });
      }}
      {...handlers}
    >
      {stringAt(own(props.tab, 'label')) ?? `Tab ${String((props.path.at(-1) ?? 0) + 1)}`}
    </div>
  );
}
