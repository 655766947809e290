import { describe, expect, it } from 'vitest';
import { parseMessages } from '../../renderer/components/blocks/chatbot/messages.js';
import { parseTable } from '../../renderer/components/blocks/dataframe/table.js';
import { parseGallery } from '../../renderer/components/blocks/gallery/items.js';
import { categories, paletteIndex, parseSpans } from '../../renderer/components/blocks/highlightedtext/highlighted.js';
import { barWidth, labelView, percent } from '../../renderer/components/blocks/label/label-value.js';
import { choiceIndex, parseChoices } from '../../renderer/components/blocks/shared/choices.js';

describe('label', () => {
  it('reads {label, confidences}, sorted highest first and limited to the top N', () => {
    const view = labelView(
      {
        label: 'POSITIVE',
        confidences: [
          { label: 'NEGATIVE', confidence: 0.1 },
          { label: 'POSITIVE', confidence: 0.9 },
        ],
      },
      1,
    );
    expect(view).toEqual({ label: 'POSITIVE', confidences: [{ label: 'POSITIVE', confidence: 0.9 }] });
  });

  it('reads a {class: p} map and a bare string; null is empty', () => {
    expect(labelView({ cat: 0.2, dog: 0.8 })).toEqual({
      label: 'dog',
      confidences: [
        { label: 'dog', confidence: 0.8 },
        { label: 'cat', confidence: 0.2 },
      ],
    });
    expect(labelView('spam')).toEqual({ label: 'spam', confidences: [] });
    expect(labelView(null)).toBeNull();
  });

  it('formats percentages and bar widths', () => {
    expect(percent(0.934)).toBe('93%');
    expect(percent(0.07)).toBe('7.0%');
    expect(percent(0)).toBe('0%');
    expect(barWidth(1.2)).toBe('100.0%');
  });
});

describe('choices', () => {
  it('accepts [display, value] pairs and bare values', () => {
    const choices = parseChoices([['Red', 'r'], 'green', 3, { bad: true }]);
    expect(choices).toEqual([
      { label: 'Red', value: 'r' },
      { label: 'green', value: 'green' },
      { label: '3', value: 3 },
    ]);
    expect(choiceIndex(choices, 3)).toBe(2);
    expect(choiceIndex(choices, '3')).toBe(-1);
  });
});

describe('highlighted text', () => {
  it('reads pairs and Gradio dicts and lists categories in order', () => {
    const spans = parseSpans([['Ada', 'PER'], [' works at ', null], { token: 'IBM', class_or_confidence: 'ORG' }, ['!', 0.3]]);
    expect(spans).toEqual([
      { text: 'Ada', label: 'PER' },
      { text: ' works at ', label: null },
      { text: 'IBM', label: 'ORG' },
      { text: '!', label: 0.3 },
    ]);
    expect(categories(spans)).toEqual(['PER', 'ORG']);
    expect(paletteIndex(['PER', 'ORG'], 'ORG')).toBe(1);
  });
});

describe('chatbot', () => {
  it('reads messages and legacy pairs, dropping unknown roles', () => {
    expect(parseMessages([{ role: 'user', content: 'hi' }, { role: 'tool', content: 'x' }, ['q', 'a'], [null, 'only bot']])).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'a' },
      { role: 'assistant', content: 'only bot' },
    ]);
  });
});

describe('dataframe', () => {
  it('reads rows or {headers, data} and pads headers to the widest row', () => {
    expect(
      parseTable(
        [
          ['a', 1],
          ['b', 2, true],
        ],
        ['name', 'n'],
      ),
    ).toEqual({
      headers: ['name', 'n', '3'],
      rows: [
        ['a', 1],
        ['b', 2, true],
      ],
    });
    expect(parseTable({ headers: ['x'], data: [[1]] }, ['ignored'])).toEqual({ headers: ['x'], rows: [[1]] });
    expect(parseTable(null, undefined)).toEqual({ headers: [], rows: [] });
  });
});

describe('gallery', () => {
  it('reads dicts, pairs, FileData and URLs; drops what has no URL', () => {
    const file = { path: '/tmp/a.png', url: 'http://h/gradio_api/file=/tmp/a.png' };
    expect(
      parseGallery([
        { image: file, caption: 'A' },
        [file, 'B'],
        file,
        'http://h/c.png',
        { path: '/no/url' },
        { video: file, caption: 'V' },
      ]),
    ).toEqual([
      { url: file.url, caption: 'A', media: file, kind: 'image' },
      { url: file.url, caption: 'B', media: file, kind: 'image' },
      { url: file.url, caption: null, media: file, kind: 'image' },
      { url: 'http://h/c.png', caption: null, media: 'http://h/c.png', kind: 'image' },
      { url: file.url, caption: 'V', media: file, kind: 'video' },
    ]);
  });
});
