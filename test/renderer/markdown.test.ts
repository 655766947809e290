import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from '../../renderer/components/blocks/markdown/markdown.js';

describe('markdown', () => {
  it('parses headings, paragraphs, lists, code, quotes and rules', () => {
    const blocks = parseMarkdown(
      '# Title\n\nSome text\non two lines\n\n- a\n- b\n\n1. one\n2. two\n\n```js\nlet x = 1;\n```\n> quoted\n\n---',
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'quote', 'rule']);
    expect(blocks[0]).toEqual({ kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Title' }] });
    expect(blocks[2]).toMatchObject({ kind: 'list', ordered: false, items: [[{ text: 'a' }], [{ text: 'b' }]] });
    expect(blocks[3]).toMatchObject({ kind: 'list', ordered: true });
    expect(blocks[4]).toEqual({ kind: 'code', lang: 'js', text: 'let x = 1;' });
  });

  it('parses inline code, strong, em and links', () => {
    expect(parseInline('a **b** *c* `d` [e](https://x.org) f_g_h')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'c' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'd' },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: 'https://x.org', children: [{ kind: 'text', text: 'e' }] },
      { kind: 'text', text: ' f_g_h' },
    ]);
  });

  it('never produces script links; HTML stays text', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('/gradio_api/file=x')).toBe('/gradio_api/file=x');
    expect(parseInline('[x](javascript:alert(1))')).toEqual([
      { kind: 'text', text: 'x' },
      { kind: 'text', text: ')' },
    ]);
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([
      { kind: 'paragraph', children: [{ kind: 'text', text: '<script>alert(1)</script>' }] },
    ]);
  });
});
