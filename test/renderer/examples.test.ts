import { describe, expect, it } from 'vitest';
import type { ComponentInfo } from '../../renderer/runner/config.js';
import { EXAMPLE_TEXT_MAX, exampleCell, exampleLabel } from '../../renderer/runner/examples.js';

const component = (type: string, label = type): ComponentInfo => ({ id: 1, type, key: type, props: { label } });
const FILE = {
  path: '/tmp/x/cat.png',
  url: 'http://127.0.0.1:7860/gradio_api/file=/tmp/x/cat.png',
  orig_name: 'cat.png',
  meta: { _type: 'gradio.FileData' },
};

describe('exampleCell', () => {
  it('shows text as text, cut at the limit', () => {
    expect(exampleCell('World', component('textbox'))).toEqual({ kind: 'text', text: 'World' });
    expect(exampleCell(3, component('number'))).toEqual({ kind: 'text', text: '3' });
    const long = exampleCell('x'.repeat(500), component('textbox'));
    expect(long.kind === 'text' && long.text.length).toBe(EXAMPLE_TEXT_MAX);
  });

  it('keeps a text that looks like a URL or a path as text', () => {
    // (The table used to show "file" for these.)
    expect(exampleCell('https://example.com/a', component('textbox'))).toEqual({ kind: 'text', text: 'https://example.com/a' });
    expect(exampleCell('/etc/hosts', component('textbox'))).toEqual({ kind: 'text', text: '/etc/hosts' });
  });

  it('shows an image as a thumbnail and other files by name', () => {
    expect(exampleCell(FILE, component('image'))).toEqual({ kind: 'image', url: FILE.url, name: 'cat.png' });
    expect(exampleCell(FILE, component('file'))).toEqual({ kind: 'text', text: 'cat.png' });
    expect(exampleCell({ path: '/tmp/y/song.ogg', meta: { _type: 'gradio.FileData' } }, component('audio'))).toEqual({
      kind: 'text',
      text: 'song.ogg',
    });
  });
});

describe('exampleLabel', () => {
  it('names the example and its values, with the input labels when there are several', () => {
    expect(exampleLabel(1, [{ kind: 'text', text: 'demo-desktop' }], ['Name'])).toBe('Use example 2: demo-desktop');
    expect(
      exampleLabel(
        0,
        [
          { kind: 'text', text: 'Ada' },
          { kind: 'image', url: 'u', name: 'cat.png' },
        ],
        ['Name', 'Photo'],
      ),
    ).toBe('Use example 1: Name: Ada, Photo: cat.png');
  });
});
