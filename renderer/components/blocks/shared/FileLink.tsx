import type { ReactNode } from 'react';
import { fileName, fileUrl } from '../../../runner/values.js';

/** A file's name, as a download link when the server gave it a URL. */
export function FileLink({ value }: { readonly value: unknown }): ReactNode {
  const url = fileUrl(value);
  const name = fileName(value);
  return url ? (
    <a className="file-link" href={url} download={name} target="_blank" rel="noopener noreferrer">
      {name}
    </a>
  ) : (
    <span className="file-link">{name}</span>
  );
}
