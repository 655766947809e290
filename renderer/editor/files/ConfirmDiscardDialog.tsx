import type { ReactNode } from 'react';
import { Modal } from '../shell/Modal.js';

/** The unsaved-changes guard before New and Open: save, discard, or stay. */
export function ConfirmDiscardDialog(props: {
  readonly fileName: string;
  readonly busy: boolean;
  readonly onSave: () => void;
  readonly onDiscard: () => void;
  readonly onClose: () => void;
}): ReactNode {
  return (
    <Modal title="Unsaved changes" onClose={props.onClose} testId="confirm-discard">
      <p>{props.fileName} has changes that are not saved. Save them first?</p>
      <div className="editor-modal-actions">
        <button type="button" className="btn" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn--stop" onClick={props.onDiscard}>
          Discard changes
        </button>
        <button type="button" className="btn btn--primary" disabled={props.busy} autoFocus onClick={props.onSave}>
          Save
        </button>
      </div>
    </Modal>
  );
}
