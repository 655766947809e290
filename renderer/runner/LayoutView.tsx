import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { str } from '../components/blocks/shared/props.js';
import { BlockSlot, sizing } from './BlockSlot.js';
import { layoutLabel, type ViewNode } from './layout.js';

type LayoutNodeOf = Extract<ViewNode, { kind: 'layout' }>;

function Children({ nodes }: { readonly nodes: readonly ViewNode[] }): ReactNode {
  return nodes.map((node) => <NodeView key={node.id} node={node} />);
}

function Tabs({ node }: { readonly node: LayoutNodeOf }): ReactNode {
  const base = useId();
  const tabs = node.children.filter((c) => !(c.kind === 'layout' && c.props.visible === false));
  const [selected, setSelected] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const current = Math.min(selected, Math.max(0, tabs.length - 1));
  const onKeyDown = (event: KeyboardEvent): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    let next = step === 0 ? -1 : (current + step + tabs.length) % tabs.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    event.preventDefault();
    setSelected(next);
    buttons.current[next]?.focus();
  };
  return (
    <div className="layout-tabs" data-testid={`layout-tabs-${node.id}`}>
      <div className="tab-list" role="tablist" onKeyDown={onKeyDown}>
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${i}`}
            aria-selected={i === current}
            aria-controls={`${base}-panel-${i}`}
            tabIndex={i === current ? 0 : -1}
            className={i === current ? 'tab is-selected' : 'tab'}
            onClick={() => setSelected(i)}
          >
            {tab.kind === 'layout' ? layoutLabel(tab.props, `Tab ${i + 1}`) : `Tab ${i + 1}`}
          </button>
        ))}
      </div>
      {tabs.map((tab, i) => (
        // Every panel stays mounted so values, previews and scroll positions survive tab switches.
        <div
          key={tab.id}
          role="tabpanel"
          id={`${base}-panel-${i}`}
          aria-labelledby={`${base}-tab-${i}`}
          hidden={i !== current}
          className="tab-panel"
        >
          {tab.kind === 'layout' ? <Children nodes={tab.children} /> : <NodeView node={tab} />}
        </div>
      ))}
    </div>
  );
}

function Accordion({ node }: { readonly node: LayoutNodeOf }): ReactNode {
  const [open, setOpen] = useState(node.props.open !== false);
  return (
    <details
      className="layout-accordion"
      data-testid={`layout-accordion-${node.id}`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{layoutLabel(node.props, 'Details')}</summary>
      <div className="layout-accordion-body">
        <Children nodes={node.children} />
      </div>
    </details>
  );
}

function LayoutBlock({ node }: { readonly node: LayoutNodeOf }): ReactNode {
  if (node.props.visible === false) return null;
  const variant = str(node.props, 'variant');
  const testId = `layout-${node.layout}-${node.id}`;
  switch (node.layout) {
    case 'tabs':
      return <Tabs node={node} />;
    case 'accordion':
      return <Accordion node={node} />;
    case 'row':
      return (
        <div className={`layout-row${variant ? ` is-${variant}` : ''}`} data-testid={testId} style={sizing(node.props)}>
          <Children nodes={node.children} />
        </div>
      );
    case 'group':
      return (
        <div className="layout-group" role="group" aria-label={str(node.props, 'label')} data-testid={testId} style={sizing(node.props)}>
          <Children nodes={node.children} />
        </div>
      );
    case 'column':
    case 'tabitem':
    case 'form':
      return (
        <div className={`layout-column${variant ? ` is-${variant}` : ''}`} data-testid={testId} style={sizing(node.props)}>
          <Children nodes={node.children} />
        </div>
      );
  }
}

/** Draws one node of the layout tree. */
export function NodeView({ node }: { readonly node: ViewNode }): ReactNode {
  switch (node.kind) {
    case 'layout':
      return <LayoutBlock node={node} />;
    case 'component':
      return <BlockSlot component={node.component} />;
    case 'missing':
      return null;
  }
}
