import { useState, type ReactNode } from 'react';
import { Modal } from '../shell/Modal.js';
import { folderOf } from './file-names.js';

/** Save As: where to write the project.json (the server writes the project's files beside it). */
export function SaveAsDialog(props: {
  readonly path: string | null;
  readonly name: string;
  readonly busy: boolean;
  /** The path the server found taken by another file: ask before replacing it. */
  readonly taken: string | null;
  readonly onSave: (path: string, overwrite: boolean) => void;
  readonly onClose: () => void;
}): ReactNode {
  const [path, setPath] = useState(() => suggestPath(props.path, props.name));
  return (
    <Modal title="Save as" onClose={props.onClose} testId="save-as-dialog" wide>
      <form
        className="editor-form-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim()) props.onSave(path.trim(), false);
        }}
      >
        <label className="editor-field editor-field--grow">
          <span>Save to (a project.json path, or a folder for one)</span>
          <input
            type="text"
            value={path}
            autoFocus
            spellCheck={false}
            data-testid="save-as-path"
            onChange={(event) => setPath(event.target.value)}
            aria-invalid={props.taken !== null}
          />
        </label>
        <button type="submit" className="btn btn--primary" disabled={props.busy || path.trim() === ''}>
          Save
        </button>
      </form>
      {props.taken !== null && (
        <div className="editor-confirm" role="alert">
          <p>
            <code>{props.taken}</code> already exists. Replace it with this project?
          </p>
          <button type="button" className="btn btn--stop" disabled={props.busy} onClick={() => props.onSave(props.taken ?? path, true)}>
            Replace it
          </button>
        </div>
      )}
    </Modal>
  );
}

/** Beside the current file, or a folder named after the project. */
function suggestPath(path: string | null, name: string): string {
  if (path !== null) return `${folderOf(path)}/project.json`;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug ? `${slug}/project.json` : '';
}
