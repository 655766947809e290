import type { ReactNode } from 'react';
import type { DocumentSource } from '../../../preload/shared/editor/editor-api.js';
import { SELECT } from '../actions/editor-actions.js';
import type { EditorClient } from '../api/editor-client.js';
import type { AreaProps } from '../area-props.js';
import { IssueList } from '../issues/IssueList.js';
import { selectionForPath } from '../issues/issue-selection.js';
import type { Selection } from '../state/editor-state.js';
import { restartedNote, usePreview } from './use-preview.js';

/**
 * The live preview: the project as it is now, unsaved, run by the real engine and scheduler on the
 * server and shown in an iframe (our own local server; the runner page needs scripts, its own
 * origin's storage and forms). Problems the run found are listed; a click selects their place.
 */
export function PreviewPane(
  props: AreaProps & { readonly client: EditorClient; readonly source: DocumentSource; readonly active: boolean },
): ReactNode {
  const { state, dispatch } = props;
  const preview = usePreview(props.client, state.doc, props.source, props.active);
  const response = preview.phase === 'ready' ? preview.response : preview.last;
  return (
    <div className="preview" data-testid="preview" hidden={!props.active}>
      <div className="preview-bar" role="status">
        <span className={`preview-dot preview-dot--${preview.phase}`} aria-hidden="true" />
        <span className="preview-state">
          {preview.phase === 'loading'
            ? 'Reloading…'
            : preview.phase === 'failed'
              ? 'The preview failed'
              : response?.url
                ? 'Running'
                : 'Not running'}
        </span>
        {response && (
          <span className="preview-restarted" data-testid="preview-restarted">
            {restartedNote(response.restarted)}
          </span>
        )}
      </div>
      {preview.phase === 'failed' && (
        <p className="editor-error" role="alert">
          {preview.message}
        </p>
      )}
      {response && response.issues.length > 0 && (
        <IssueList
          issues={response.issues}
          label="Problems of the preview"
          testId="preview-issues"
          onSelect={(issue) => dispatch<Selection>(SELECT, selectionForPath(issue.path, state.doc))}
        />
      )}
      {preview.phase === 'loading' && response?.url ? (
        // The reload cuts the old page's event streams: it goes before, not while, it breaks.
        <p className="editor-muted preview-empty">Reloading the preview…</p>
      ) : response?.url ? (
        <iframe
          key={`${response.url}#${response.revision}`}
          className="preview-frame"
          title="Live preview"
          src={response.url}
          sandbox="allow-scripts allow-same-origin allow-forms allow-downloads"
          data-testid="preview-frame"
        />
      ) : (
        response && <p className="editor-muted preview-empty">The preview cannot run until the problems above are fixed.</p>
      )}
    </div>
  );
}
