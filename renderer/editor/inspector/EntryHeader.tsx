import type { ReactNode } from 'react';
import { nameProblem, type RenamePayload } from '../actions/model-actions.js';
import type { AreaProps } from '../area-props.js';
import { usedByMessage } from '../state/names.js';
import { NameField } from './NameField.js';

/**
 * The top of a model's or a function's form: its title, Delete (disabled, with who uses it, while
 * something does), and its name, renamed everywhere on commit. `area` names the actions
 * (`model.delete`, `function.rename`) and the test ids.
 */
export function EntryHeader({
  state,
  dispatch,
  area,
  name,
  users,
}: AreaProps & {
  readonly area: 'model' | 'function';
  readonly name: string;
  /** What uses the entry (events, functions): it cannot be deleted while any do. */
  readonly users: readonly string[];
}): ReactNode {
  const used = users.length > 0;
  return (
    <>
      <header className="ins-header">
        <h2 className="ins-title">{area === 'model' ? 'Model' : 'Function'}</h2>
        <button
          type="button"
          className="btn btn--small btn--stop"
          disabled={used}
          title={used ? usedByMessage(`"${name}"`, users) : undefined}
          onClick={() => dispatch(`${area}.delete`, { name })}
        >
          Delete
        </button>
      </header>
      {used ? <p className="ins-help">Used by {users.join(', ')}.</p> : null}
      <NameField
        label="Name"
        value={name}
        testId={`${area}-name`}
        problem={(draft) => nameProblem(state.doc, area === 'model' ? 'models' : 'functions', name, draft)}
        onCommit={(to) => dispatch<RenamePayload>(`${area}.rename`, { from: name, to })}
      />
    </>
  );
}
