import type { ReactNode } from 'react';
import { isLocalFile } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileDrop } from '../shared/FileDrop.js';
import { FileLink } from '../shared/FileLink.js';
import { domIds } from '../shared/props.js';
import type { BlockProps } from '../types.js';

function asList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** File: pick one or several files; outputs are download links. */
export function File(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const multiple = block.props.file_count === 'multiple';
  const files = asList(block.value);
  const types = Array.isArray(block.props.file_types) ? block.props.file_types.filter((t) => typeof t === 'string') : [];
  const accept = types.length > 0 ? types.join(',') : undefined;
  const clear = (): void => {
    for (const f of files) if (isLocalFile(f)) URL.revokeObjectURL(f.previewUrl);
    block.onChange(null);
    block.onEvent('clear');
  };
  return (
    <BlockFrame block={block} variant={block.interactive ? 'field' : 'plain'}>
      {files.length > 0 ? (
        <ul className="file-list" aria-labelledby={ids.label}>
          {files.map((f, i) => (
            <li key={i}>
              <FileLink value={f} />
            </li>
          ))}
        </ul>
      ) : block.interactive ? null : (
        <div className="empty">No file</div>
      )}
      {block.interactive ? (
        files.length > 0 ? (
          <button type="button" className="btn btn--small" onClick={clear}>
            Remove {multiple ? 'files' : 'file'}
          </button>
        ) : (
          <FileDrop
            inputId={ids.input}
            accept={accept}
            multiple={multiple}
            hint={multiple ? 'Drop files here or click to choose' : 'Drop a file here or click to choose one'}
            onFiles={(picked) => {
              block.onChange(multiple ? picked : (picked[0] ?? null));
              block.onEvent('upload');
            }}
          />
        )
      ) : null}
    </BlockFrame>
  );
}
