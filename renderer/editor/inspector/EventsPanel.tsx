import type { ReactNode } from 'react';
import { SELECT } from '../actions/editor-actions.js';
import type { EventAddPayload } from '../actions/event-actions.js';
import type { AreaProps } from '../area-props.js';
import type { Selection } from '../state/editor-state.js';
import { eventsOf, triggersOf } from '../state/event-refs.js';
import { isObject, own, stringAt } from '../state/json.js';
import { blocksUi } from '../state/tree.js';
import { useEditor } from '../store/use-editor.js';
import { CapacityPanel } from './CapacityPanel.js';
import { EventForm } from './EventForm.js';
import { issuesUnder } from './issues.js';

/** The events of the page: a list to pick from, Add, and the picked event's form. */
export function EventsPanel({ state, dispatch }: AreaProps): ReactNode {
  const filePath = useEditor().path;
  if (!blocksUi(state.doc)) {
    const ui = isObject(state.doc.ui) ? state.doc.ui : {};
    return (
      <section className="ins-section" aria-label="Events" data-testid="events-panel">
        <p className="ins-empty">
          An Interface has one event: its function runs on Submit. Set its queue settings in the Interface form, or convert it to Blocks for
          more events.
        </p>
        <CapacityPanel path={filePath} apiName={stringAt(own(ui, 'apiName')) ?? 'predict'} event="interface" dispatch={dispatch} />
      </section>
    );
  }
  const events = eventsOf(state.doc);
  const selected = state.selection?.area === 'event' ? state.selection.index : null;
  const event = selected === null ? undefined : events[selected];
  return (
    <section className="ins-section" aria-label="Events" data-testid="events-panel">
      <ul className="ins-list">
        {events.map((item, i) => {
          const problems = issuesUnder(state.issues, ['ui', 'events', i]).length;
          return (
            <li key={i}>
              <button
                type="button"
                className={i === selected ? 'ins-item is-selected' : 'ins-item'}
                aria-current={i === selected || undefined}
                onClick={() => dispatch<Selection>(SELECT, { area: 'event', index: i })}
              >
                {isObject(item)
                  ? `${triggersOf(item).join(', ') || '(no trigger)'} → ${stringAt(own(item, 'fn')) ?? '?'}`
                  : `event ${String(i + 1)}`}
                {problems > 0 ? <span className="ins-badge">{problems}</span> : null}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="btn btn--small" onClick={() => dispatch<EventAddPayload>('event.add', {})}>
        Add an event
      </button>
      {selected !== null && isObject(event) ? (
        <>
          <header className="ins-header">
            <h2 className="ins-title">Event {selected + 1}</h2>
            <button
              type="button"
              className="btn btn--small btn--stop"
              onClick={() => dispatch('event.delete', { event: { index: selected, then: [] } })}
            >
              Delete
            </button>
          </header>
          <EventForm state={state} dispatch={dispatch} path={{ index: selected, then: [] }} event={event} />
        </>
      ) : null}
    </section>
  );
}
