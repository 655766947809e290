import type { ReactNode } from 'react';

export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Problems as a list of buttons: the JSON path, the message; a click shows the place. */
export function IssueList<I extends Issue>(props: {
  readonly issues: readonly I[];
  readonly onSelect: (issue: I) => void;
  /** Shown before the path, e.g. "Line 12". */
  readonly where?: (issue: I) => string | null;
  readonly label: string;
  readonly testId?: string;
}): ReactNode {
  return (
    <ul className="editor-issues" aria-label={props.label} data-testid={props.testId}>
      {props.issues.map((issue, index) => {
        const where = props.where?.(issue);
        return (
          <li key={`${issue.path}:${index}`}>
            <button type="button" className="editor-issue" onClick={() => props.onSelect(issue)}>
              <span className="editor-issue-icon" aria-hidden="true">
                !
              </span>
              {where && <span className="editor-issue-where">{where}</span>}
              {issue.path && <code className="editor-issue-path">{issue.path}</code>}
              <span className="editor-issue-message">{issue.message}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
