import { useState, type DragEvent, type ReactNode } from 'react';
import type { LocalFile } from '../../../runner/values.js';

interface FileDropProps {
  readonly inputId: string;
  readonly accept?: string | undefined;
  readonly multiple?: boolean;
  readonly describedBy?: string | undefined;
  readonly hint: string;
  readonly onFiles: (files: LocalFile[]) => void;
}

export function toLocalFile(file: File): LocalFile {
  return { kind: 'local-file', blob: file, name: file.name, previewUrl: URL.createObjectURL(file) };
}

/** A file picker that also accepts drops; the native input stays focusable for keyboards. */
export function FileDrop({ inputId, accept, multiple = false, describedBy, hint, onFiles }: FileDropProps): ReactNode {
  const [over, setOver] = useState(false);
  const take = (list: FileList | null): void => {
    const files = list ? Array.from(list) : [];
    if (files.length > 0) onFiles((multiple ? files : files.slice(0, 1)).map(toLocalFile));
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
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span className="file-drop-hint">{hint}</span>
      <input
        id={inputId}
        className="file-drop-input"
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
