import type { ReactNode } from 'react';
import { TRIGGERS } from '../../../preload/shared/project/schema-ui.js';
import type { EventSetPayload, EventThenPayload } from '../actions/event-actions.js';
import type { EditorState, JsonObject, JsonValue } from '../state/editor-state.js';
import { describeEvent, eventJsonPath, triggersOf, triggerValue, type EventPath } from '../state/event-refs.js';
import { arrayAt, isObject, own, stringAt } from '../state/json.js';
import { section } from '../state/names.js';
import { componentChoices, componentTypes, eventsOfKind } from './component-choices.js';
import { useEditor, type Dispatch } from '../store/use-editor.js';
import { CapacityPanel } from './CapacityPanel.js';
import { CostBox } from './CostBox.js';
import { FieldList } from './FieldList.js';
import { IdListPicker } from './IdListPicker.js';
import { issuesUnder, issueText, otherIssues } from './issues.js';
import { IssueList } from './FieldControl.js';
import { definition, fieldsOf } from './schema-fields.js';
import { SelectControl } from './controls.js';

/** Fields with a picker of their own; the rest of an event's settings come from the schema. */
const OWN_FIELDS = ['trigger', 'fn', 'inputs', 'outputs', 'then'];

/**
 * One event: its trigger(s) (top-level events only), function, inputs and outputs picked from the
 * page's components, API name and queue settings, and the events chained after it, each the same
 * form again. A top-level event shows its cost.
 */
export function EventForm(props: {
  readonly state: EditorState;
  readonly dispatch: Dispatch;
  readonly path: EventPath;
  readonly event: JsonObject;
}): ReactNode {
  const { state, dispatch, path, event } = props;
  const filePath = useEditor().path;
  const base = eventJsonPath(path);
  const set = (key: string, value: JsonValue | undefined, coalesce = true): void =>
    dispatch<EventSetPayload>(
      'event.set',
      { event: path, path: [key], value },
      coalesce ? { coalesce: `${JSON.stringify(base)}.${key}` } : {},
    );
  const top = path.then.length === 0;
  const fields = fieldsOf(definition(top ? 'Event' : 'ChainedEvent')).filter((f) => !OWN_FIELDS.includes(f.key));
  const functions = Object.keys(section(state.doc, 'functions'));
  const components = componentChoices(state.doc);
  const pickerIssues = (key: string): string[] => issuesUnder(state.issues, [...base, key]).map(issueText);
  const apiName = typeof own(event, 'apiName') === 'string' ? (stringAt(own(event, 'apiName')) ?? '') : (stringAt(own(event, 'fn')) ?? '');
  const chained = arrayAt(own(event, 'then')) ?? [];
  return (
    <div className="ins-event" data-testid={`event-form-${[path.index, ...path.then].join('-')}`}>
      {top ? (
        <TriggerEditor state={state} event={event} issues={pickerIssues('trigger')} onValue={(value) => set('trigger', value, false)} />
      ) : null}
      <div className="ins-field">
        <label className="ins-label" htmlFor={`fn-${base.join('-')}`}>
          Function
        </label>
        <SelectControl
          id={`fn-${base.join('-')}`}
          label="Function"
          value={own(event, 'fn')}
          options={functions}
          required
          onValue={(value) => set('fn', value, false)}
        />
        {pickerIssues('fn').map((text) => (
          <p key={text} className="ins-errors">
            {text}
          </p>
        ))}
      </div>
      <IdListPicker
        label="Inputs"
        testId="event-inputs"
        value={own(event, 'inputs')}
        choices={components}
        issues={pickerIssues('inputs')}
        onValue={(value) => set('inputs', value, false)}
      />
      <IdListPicker
        label="Outputs"
        testId="event-outputs"
        value={own(event, 'outputs')}
        choices={components}
        issues={pickerIssues('outputs')}
        onValue={(value) => set('outputs', value, false)}
      />
      <IssueList issues={otherIssues(state.issues, base, [...OWN_FIELDS, ...fields.map((f) => f.key)])} />
      <details className="ins-more" open={fields.some((f) => own(event, f.key) !== undefined && f.key !== 'onlyOnSuccess')}>
        <summary>API name and queue settings</summary>
        <FieldList fields={fields} object={event} base={base} issues={state.issues} onValue={(key, value) => set(key, value)} />
      </details>
      {top && apiName !== '' ? (
        <CostBox
          apiName={apiName}
          project={state.doc}
          settings={JSON.stringify([
            own(event, 'fn'),
            own(event, 'concurrencyLimit'),
            own(event, 'concurrencyId'),
            own(event, 'batch'),
            own(event, 'maxBatchSize'),
            state.doc.queue,
          ])}
        />
      ) : null}
      {top && apiName !== '' ? <CapacityPanel path={filePath} apiName={apiName} event={path} dispatch={dispatch} /> : null}
      <div className="ins-chain">
        {chained.map((child, i) =>
          isObject(child) ? (
            <details key={i} className="ins-chained" open>
              <summary>
                {own(child, 'onlyOnSuccess') === true ? 'Then, on success: ' : 'Then: '}
                {describeEvent(child, { ...path, then: [...path.then, i] })}
              </summary>
              <EventForm state={state} dispatch={dispatch} path={{ ...path, then: [...path.then, i] }} event={child} />
              <button
                type="button"
                className="btn btn--small btn--stop"
                onClick={() => dispatch('event.delete', { event: { ...path, then: [...path.then, i] } })}
              >
                Delete this chained event
              </button>
            </details>
          ) : null,
        )}
        <span className="ins-actions">
          <button type="button" className="btn btn--small" onClick={() => dispatch<EventThenPayload>('event.addThen', { event: path })}>
            Add .then()
          </button>
          <button
            type="button"
            className="btn btn--small"
            onClick={() => dispatch<EventThenPayload>('event.addThen', { event: path, onlyOnSuccess: true })}
          >
            Add .success()
          </button>
        </span>
      </div>
    </div>
  );
}

/** The triggers: a component and one of its events per row, or page load. */
function TriggerEditor(props: {
  readonly state: EditorState;
  readonly event: JsonObject;
  readonly issues: readonly string[];
  readonly onValue: (value: JsonValue) => void;
}): ReactNode {
  const triggers = triggersOf(props.event);
  const types = componentTypes(props.state.doc);
  const ids = [...types.keys()];
  const replace = (i: number, next: string): void => props.onValue(triggerValue(triggers.map((t, j) => (j === i ? next : t))));
  return (
    <fieldset className="ins-field ins-triggers" data-testid="event-triggers">
      <legend className="ins-label">Triggered by</legend>
      {triggers.map((trigger, i) => {
        const [id = '', name = ''] = trigger === 'load' ? ['load', ''] : trigger.split('.');
        const names = eventsOfKind(types.get(id));
        const allNames = name !== '' && !names.includes(name) ? [...names, name] : names;
        return (
          <div key={i} className="ins-trigger">
            <select
              className="input"
              aria-label={`Trigger ${String(i + 1)}: component`}
              value={id}
              onChange={(e) =>
                replace(
                  i,
                  e.currentTarget.value === 'load'
                    ? 'load'
                    : `${e.currentTarget.value}.${eventsOfKind(types.get(e.currentTarget.value))[0] ?? 'change'}`,
                )
              }
            >
              <option value="load">(page load)</option>
              {!types.has(id) && id !== 'load' ? <option value={id}>{id} (missing)</option> : null}
              {ids.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            {id === 'load' ? null : (
              <select
                className="input"
                aria-label={`Trigger ${String(i + 1)}: event`}
                value={name}
                onChange={(e) => replace(i, `${id}.${e.currentTarget.value}`)}
              >
                {[...allNames, ...TRIGGERS.filter((t) => t !== 'load' && !allNames.includes(t))].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}
            <button
              type="button"
              className="ins-icon"
              aria-label={`Remove trigger ${String(i + 1)}`}
              disabled={triggers.length === 1}
              onClick={() => props.onValue(triggerValue(triggers.filter((_, j) => j !== i)))}
            >
              ×
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn--small"
        onClick={() => {
          const id = ids.find((c) => !triggers.some((t) => t.startsWith(`${c}.`)));
          props.onValue(triggerValue([...triggers, id ? `${id}.${eventsOfKind(types.get(id))[0] ?? 'change'}` : 'load']));
        }}
      >
        Add a trigger
      </button>
      {props.issues.map((text) => (
        <p key={text} className="ins-errors">
          {text}
        </p>
      ))}
    </fieldset>
  );
}
