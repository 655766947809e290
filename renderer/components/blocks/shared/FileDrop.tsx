import { useState, type DragEvent, type ReactNode, type Ref } from 'react';
import type { LocalFile } from '../../../runner/values.js';
import { UploadIcon } from './icons.js';

interface FileDropProps {
  readonly inputId: string;
  readonly accept?: string | undefined;
  readonly multiple?: boolean;
  readonly describedBy?: string | undefined;
  /** The zone's main line ("Drop an image here"); "– or –", "Click to upload" and `detail` follow. */
  readonly hint: string;
  readonly detail?: ReactNode;
  /** The icon in the middle of the zone (an upload arrow by default). */
  readonly icon?: ReactNode;
  /** Why a picked or dropped file cannot be taken (null: it can); a refused file goes to `onRefused`. */
  readonly check?: (file: File) => string | null;
  readonly onRefused?: (message: string) => void;
  readonly onFiles: (files: LocalFile[]) => void;
  /** The hidden file input, for a toolbar's Upload button to open the picker. */
  readonly inputRef?: Ref<HTMLInputElement>;
}

export function toLocalFile(file: File): LocalFile {
  return { kind: 'local-file', blob: file, name: file.name, previewUrl: URL.createObjectURL(file) };
}

/**
 * A drop zone that is also the file picker (the whole zone is the input's label), as Gradio's
 * upload areas: an icon, what to drop, "click to upload". The native input is visually hidden but
 * stays focusable, so keyboards reach the picker (the zone shows the focus ring).
 */
export function FileDrop({
  inputId,
  accept,
  multiple = false,
  describedBy,
  hint,
  detail,
  icon,
  check,
  onRefused,
  onFiles,
  inputRef,
}: FileDropProps): ReactNode {
  const [over, setOver] = useState(false);
  const take = (list: FileList | null): void => {
    const files = (list ? Array.from(list) : []).slice(0, multiple ? undefined : 1);
    const refused = check ? files.map(check).find((problem) => problem !== null) : undefined;
    if (refused) {
      onRefused?.(refused);
      return;
    }
    if (files.length > 0) onFiles(files.map(toLocalFile));
  };
  const onDrop = (event: DragEvent<HTMLLabelElement>): void => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  };
  return (
    <label
      className={over ? 'file-drop is-over' : 'file-drop'}
      htmlFor={inputId}
      data-testid="file-drop"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      {icon ?? <UploadIcon className="file-drop-icon" />}
      <span className="file-drop-hint">{hint}</span>
      <span className="file-drop-or">– or –</span>
      <span className="file-drop-click">Click to upload</span>
      {detail}
      <input
        ref={inputRef}
        id={inputId}
        className="file-drop-input visually-hidden"
        type="file"
        accept={accept}
        multiple={multiple}
        aria-describedby={describedBy}
        onChange={(event) => {
          take(event.currentTarget.files);
          event.currentTarget.value = '';
        }}
      />
    </label>
  );
}
