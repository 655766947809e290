import type { ReactNode } from 'react';
import type { ProjectSetPayload } from '../actions/project-actions.js';
import type { AreaProps } from '../area-props.js';
import type { JsonValue } from '../state/editor-state.js';
import { getIn, objectAt, own } from '../state/json.js';
import { FieldList } from './FieldList.js';
import { fieldsOf, projectSchema, type FieldSpec } from './schema-fields.js';

/** Top-level keys with panels of their own (or no field at all). */
const ELSEWHERE = ['$schema', 'version', 'name', 'description', 'models', 'functions', 'ui', 'queue'];

/** The project: name, description, page title, the queue settings every event shares, and the rest of the top level. */
export function ProjectPanel({ state, dispatch }: AreaProps): ReactNode {
  const root = projectSchema();
  const set = (path: (string | number)[], value: JsonValue | undefined): void =>
    dispatch<ProjectSetPayload>('project.set', { path, value }, { coalesce: `project.${path.join('.')}` });
  const top = fieldsOf(root).filter((f) => f.key === 'name' || f.key === 'description');
  const title: FieldSpec = {
    key: 'title',
    label: 'Page title',
    description: 'Shown on the page and in the tab; default: the name.',
    required: false,
    control: { kind: 'text', multiline: false },
  };
  const queue = fieldsOf(root.properties?.queue);
  const rest = fieldsOf(root, ELSEWHERE);
  return (
    <section className="ins-section" aria-label="Project" data-testid="project-panel">
      <FieldList fields={top} object={state.doc} base={[]} issues={state.issues} onValue={(key, value) => set([key], value)} />
      <FieldList
        fields={[title]}
        object={objectAt(own(state.doc, 'ui')) ?? {}}
        base={['ui']}
        issues={state.issues}
        onValue={(key, value) => set(['ui', key], value)}
      />
      <h3 className="ins-subtitle">Queue</h3>
      <p className="ins-help">
        Shared by every event: how many run at once by default, how many may wait, and whether API clients may call directly.
      </p>
      <FieldList
        fields={queue}
        object={objectAt(getIn(state.doc, ['queue'])) ?? {}}
        base={['queue']}
        issues={state.issues}
        onValue={(key, value) => set(['queue', key], value)}
      />
      <details className="ins-more">
        <summary>More project settings</summary>
        <FieldList fields={rest} object={state.doc} base={[]} issues={state.issues} onValue={(key, value) => set([key], value)} />
      </details>
    </section>
  );
}
