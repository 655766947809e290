/** inputFiles: the uploaded files a job's converted inputs name, at the depths values-in.ts makes them, and nothing deeper. */
import { describe, expect, it } from 'vitest';
import { inputFiles } from '../../main/server/gradio/uploads.js';

const file = (path: string): { kind: 'file'; path: string } => ({ kind: 'file', path });

describe('inputFiles', () => {
  it('finds a file input and the files of a list input, in order', () => {
    expect(inputFiles([file('/u/a'), 'text', [file('/u/b'), file('/u/c')], null, 3])).toEqual(['/u/a', '/u/b', '/u/c']);
  });

  it('finds nothing in plain values: numbers, rows, objects that are not files', () => {
    const row = Array.from({ length: 256 }, (_, i) => i / 7);
    expect(inputFiles([row, { kind: 'file' }, { path: '/x' }, [{ kind: 'dir', path: '/y' }], []])).toEqual([]);
  });

  it('looks no deeper than a list of files', () => {
    expect(inputFiles([[[file('/deep')]], { nested: file('/deeper') }])).toEqual([]);
  });
});
