import type { ReactNode } from 'react';
import type { Notice } from '../files/use-files.js';

/** The bottom line: the issue count (opens the issues), the last notice, saved or not. */
export function StatusBar(props: {
  readonly issues: number;
  readonly issuesOpen: boolean;
  readonly onIssues: () => void;
  readonly notice: Notice | null;
  readonly dirty: boolean;
  readonly saved: boolean;
}): ReactNode {
  return (
    <footer className="editor-status">
      <button
        type="button"
        className={props.issues > 0 ? 'editor-status-issues has-issues' : 'editor-status-issues'}
        aria-expanded={props.issuesOpen}
        data-testid="issues-count"
        onClick={props.onIssues}
      >
        <span aria-hidden="true">{props.issues > 0 ? '⚠' : '✓'}</span>{' '}
        {props.issues === 0 ? 'No issues' : `${props.issues} ${props.issues === 1 ? 'issue' : 'issues'}`}
      </button>
      <span
        className={props.notice?.kind === 'error' ? 'editor-status-notice is-error' : 'editor-status-notice'}
        role={props.notice?.kind === 'error' ? 'alert' : 'status'}
        data-testid="notice"
      >
        {props.notice?.text}
      </span>
      <span className="editor-status-saved">{props.dirty ? 'Unsaved changes' : props.saved ? 'All changes saved' : 'Not saved yet'}</span>
    </footer>
  );
}
