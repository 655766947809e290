import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native <dialog>: showModal() gives the focus trap, Escape and the inert
 * page behind it for free. Closing (Escape, the ✕, a button) calls `onClose`.
 */
export function Modal(props: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly testId?: string;
  readonly wide?: boolean;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const { onClose } = props;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    if (!dialog.open) dialog.showModal();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
    };
  }, [onClose]);
  return (
    <dialog
      ref={ref}
      className={props.wide ? 'editor-modal editor-modal--wide' : 'editor-modal'}
      aria-label={props.title}
      data-testid={props.testId}
    >
      <header className="editor-modal-head">
        <h2>{props.title}</h2>
        <button type="button" className="editor-icon-button" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </header>
      {props.children}
    </dialog>
  );
}
