import { useEffect, useState, type ReactNode } from 'react';
import type { EditorTemplate } from '../../../preload/shared/editor/editor-api.js';
import type { EditorClient } from '../api/editor-client.js';
import { Modal } from '../shell/Modal.js';

/** New: pick a template (every example); the copy opens unsaved. */
export function NewProjectDialog(props: {
  readonly client: EditorClient;
  readonly busy: boolean;
  readonly onCreate: (template: string) => void;
  readonly onClose: () => void;
}): ReactNode {
  const [templates, setTemplates] = useState<readonly EditorTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { client } = props;
  useEffect(() => {
    let live = true;
    client.templates().then(
      (list) => live && setTemplates(list),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [client]);
  return (
    <Modal title="New project" onClose={props.onClose} testId="new-dialog" wide>
      <p className="editor-modal-lead">Start from a template. It opens unsaved; Save asks where to put it.</p>
      {error && (
        <p className="editor-error" role="alert">
          Could not list the templates: {error}
        </p>
      )}
      {!templates && !error && <p className="editor-muted">Loading templates…</p>}
      <ul className="editor-templates" aria-label="Templates">
        {templates?.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              className="editor-template"
              disabled={props.busy}
              data-testid={`template-${template.id}`}
              onClick={() => props.onCreate(template.id)}
            >
              <span className="editor-template-name">{template.name}</span>
              <span className="editor-template-text">{template.description}</span>
              {!template.offline && <span className="editor-badge">downloads a model</span>}
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
