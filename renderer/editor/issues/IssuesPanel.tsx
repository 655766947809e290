import type { ReactNode } from 'react';
import { SELECT } from '../actions/editor-actions.js';
import type { AreaProps } from '../area-props.js';
import type { Selection } from '../state/editor-state.js';
import { IssueList } from './IssueList.js';
import { selectionForPath } from './issue-selection.js';

/** Every problem of the document (state.issues, from the shared checks); a click selects its place. */
export function IssuesPanel(props: AreaProps & { readonly onClose: () => void }): ReactNode {
  const { state, dispatch } = props;
  const count = state.issues.length;
  return (
    <section className="editor-issues-panel" aria-label="Issues" data-testid="issues-panel">
      <header className="editor-panel-head">
        <h2>{count === 0 ? 'No issues' : `${count} ${count === 1 ? 'issue' : 'issues'}`}</h2>
        <button type="button" className="editor-icon-button" aria-label="Hide the issues" onClick={props.onClose}>
          ✕
        </button>
      </header>
      {count === 0 ? (
        <p className="editor-muted editor-issues-empty">The project passes every check the editor can make. Run it to be sure.</p>
      ) : (
        <IssueList
          issues={state.issues}
          label="Issues of the project"
          onSelect={(issue) => dispatch<Selection>(SELECT, selectionForPath(issue.path, state.doc))}
        />
      )}
    </section>
  );
}
