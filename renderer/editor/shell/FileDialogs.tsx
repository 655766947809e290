import type { ReactNode } from 'react';
import type { EditorClient } from '../api/editor-client.js';
import { ConfirmDiscardDialog } from '../files/ConfirmDiscardDialog.js';
import { shortFileName } from '../files/file-names.js';
import { NewProjectDialog } from '../files/NewProjectDialog.js';
import { OpenProjectDialog } from '../files/OpenProjectDialog.js';
import { SaveAsDialog } from '../files/SaveAsDialog.js';
import type { Files } from '../files/use-files.js';

/** Whichever file dialog is open: New, Open, Save As or the unsaved-changes guard. */
export function FileDialogs(props: {
  readonly files: Files;
  readonly client: EditorClient;
  readonly name: string;
  readonly path: string | null;
}): ReactNode {
  const { files } = props;
  const dialog = files.dialog;
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'new':
      return (
        <NewProjectDialog client={props.client} busy={files.busy} onCreate={(id) => void files.create(id)} onClose={files.closeDialog} />
      );
    case 'open':
      return (
        <OpenProjectDialog
          recent={files.recent}
          busy={files.busy}
          onOpen={(path) => void files.open(path)}
          onForget={files.forgetRecent}
          onClose={files.closeDialog}
        />
      );
    case 'save-as':
      return (
        <SaveAsDialog
          path={props.path}
          name={props.name}
          busy={files.busy}
          taken={files.taken}
          onSave={(path, overwrite) => void files.saveAs(path, overwrite)}
          onClose={files.closeDialog}
        />
      );
    case 'confirm-discard':
      return (
        <ConfirmDiscardDialog
          fileName={props.path === null ? 'This new project' : shortFileName(props.path)}
          busy={files.busy}
          onSave={() => void files.saveThen(dialog.proceed)}
          onDiscard={dialog.proceed}
          onClose={files.closeDialog}
        />
      );
  }
}
