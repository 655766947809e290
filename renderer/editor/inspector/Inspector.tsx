import { useEffect, useState, type ReactNode } from 'react';
import './inspector.css';
import type { AreaProps } from '../area-props.js';
import type { Selection } from '../state/editor-state.js';
import { ComponentInspector } from './ComponentInspector.js';
import { EventsPanel } from './EventsPanel.js';
import { FunctionsPanel } from './FunctionsPanel.js';
import { ModelsPanel } from './ModelsPanel.js';
import { ProjectPanel } from './ProjectPanel.js';

type Tab = 'component' | 'events' | 'functions' | 'models' | 'project';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'component', label: 'Component' },
  { id: 'events', label: 'Events' },
  { id: 'functions', label: 'Functions' },
  { id: 'models', label: 'Models' },
  { id: 'project', label: 'Project' },
];

function tabOf(selection: Selection | null): Tab | null {
  switch (selection?.area) {
    case 'block':
    case 'interface':
      return 'component';
    case 'event':
      return 'events';
    case 'function':
      return 'functions';
    case 'model':
      return 'models';
    case 'project':
      return 'project';
    case undefined:
      return null;
  }
}

/**
 * The right-hand column: the selected component's properties, and the panels for events,
 * functions, models and the project. Selecting something shows its panel; a tab can be picked by
 * hand as well (the selection stays).
 */
export function Inspector(props: AreaProps): ReactNode {
  const wanted = tabOf(props.state.selection);
  const [tab, setTab] = useState<Tab>(wanted ?? 'component');
  const selectionKey = JSON.stringify(props.state.selection);
  useEffect(() => {
    if (wanted) setTab(wanted);
  }, [wanted, selectionKey]);
  return (
    <div className="ins" data-testid="editor-inspector">
      <div className="ins-tabs" role="tablist" aria-label="Inspector">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`ins-tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls="ins-panel"
            className={t.id === tab ? 'ins-tab is-selected' : 'ins-tab'}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="ins-panel" id="ins-panel" role="tabpanel" aria-labelledby={`ins-tab-${tab}`}>
        {tab === 'component' ? <ComponentInspector {...props} /> : null}
        {tab === 'events' ? <EventsPanel {...props} /> : null}
        {tab === 'functions' ? <FunctionsPanel {...props} /> : null}
        {tab === 'models' ? <ModelsPanel {...props} /> : null}
        {tab === 'project' ? <ProjectPanel {...props} /> : null}
      </div>
    </div>
  );
}
