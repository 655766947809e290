import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown from 'react-markdown';
import { describe, expect, it } from 'vitest';
import { extrasVersion, loadedExtra, loadExtra, subscribeExtras } from '../../../renderer/components/blocks/markdown/extras.js';
import { highlight } from '../../../renderer/components/blocks/markdown/highlight.js';
import { imageTarget, needsHighlight, needsMath, safeHref, safeUrl } from '../../../renderer/components/blocks/markdown/markdown.js';
import { markdownOptions } from '../../../renderer/components/blocks/markdown/markdown-options.js';
import { math } from '../../../renderer/components/blocks/markdown/math.js';

const PAGE = 'http://127.0.0.1:7860/';

/** The markup MarkdownView draws once math and highlighting have loaded. */
function html(source: string): string {
  return renderToStaticMarkup(createElement(Markdown, markdownOptions(PAGE, [math, highlight]), source));
}

describe('Markdown (react-markdown + GFM, math, highlighting)', () => {
  it('renders headings, paragraphs, lists, code, quotes, rules, emphasis and links', () => {
    const out = html('# Title\n\nSome *em* and **strong** `code`\n\n- a\n- b\n\n1. one\n2. two\n\n> quoted\n\n---');
    expect(out).toContain('<h1>Title</h1>');
    expect(out).toContain('<p>Some <em>em</em> and <strong>strong</strong> <code>code</code></p>');
    expect(out).toContain('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
    expect(out).toContain('<ol>\n<li>one</li>\n<li>two</li>\n</ol>');
    expect(out).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>');
    expect(out).toContain('<hr/>');
  });

  it('renders GFM tables (with alignment) in a box that scrolls on its own', () => {
    const out = html('| Model | Size |\n|:--|--:|\n| t5 | 60 MB |');
    expect(out).toContain('<div class="md-table"><table><thead><tr><th style="text-align:left">Model</th>');
    expect(out).toContain('<td style="text-align:right">60 MB</td>');
  });

  it('renders task lists, strikethrough, autolinks and nested lists', () => {
    const out = html('- [x] done\n- [ ] todo\n  - nested\n    1. deeper\n\n~~old~~ www.example.com');
    expect(out).toMatch(/<li class="task-list-item"><input type="checkbox" disabled="" checked=""\/> done<\/li>/);
    expect(out).toMatch(/<li class="task-list-item"><input type="checkbox" disabled=""\/> todo\n<ul>\n<li>nested\n<ol>\n<li>deeper<\/li>/);
    expect(out).toContain('<del>old</del>');
    expect(out).toContain('<a href="http://www.example.com" target="_blank" rel="noopener noreferrer">www.example.com</a>');
  });

  it('typesets $…$ inline and $$…$$ display math with KaTeX, leaving money alone', () => {
    const inline = html('Energy: $E = mc^2$.');
    expect(inline).toContain('<span class="katex">');
    expect(inline).toContain('<annotation encoding="application/x-tex">E = mc^2</annotation>');
    expect(html('$$\n\\int_0^1 x^2\\,dx\n$$')).toContain('<span class="katex-display">');
    // Gradio's default: $$ displays, also on one line (remark-math alone would keep it inline).
    expect(html('Area:\n\n$$\\int_0^1 x^2\\,dx$$')).toMatch(/^<p>Area:<\/p>\n<span class="katex-display">/);
    expect(html('a $$x$$ b')).not.toContain('katex-display');
    // Pandoc's rule: no space inside the dollars, no digit right after the closing one.
    for (const money of ['It costs $5 and $10 today.', 'From $5-$10.', 'Between $ 5 and 6 $ here']) {
      expect(html(money), money).toBe(`<p>${money}</p>`);
    }
    expect(html('Escaped \\$x\\$ stays')).not.toContain('katex');
  });

  it('highlights fenced code that names its language, and leaves other code plain', () => {
    const out = html('```js\nconst answer = 42; // yes\n```');
    expect(out).toContain(
      '<code class="hljs language-js"><span class="hljs-keyword">const</span> answer = <span class="hljs-number">42</span>;',
    );
    expect(out).toContain('<span class="hljs-comment">// yes</span>');
    expect(out).toMatch(
      /<div class="md-code-block"><pre class="md-code">.*<\/pre><button type="button" class="btn btn--small" aria-label="Copy code">Copy<\/button>/s,
    );
    expect(html('```\nconst a = 1;\n```')).toContain('<code>const a = 1;\n</code>');
    expect(html('```nosuchlang\nconst a = 1;\n```')).toContain('language-nosuchlang">const a = 1;\n</code>');
  });

  it('shows the text only, without the extras, until they have loaded', () => {
    const plain = renderToStaticMarkup(createElement(Markdown, markdownOptions(PAGE), 'Math $x$ and\n\n```js\nlet a;\n```'));
    expect(plain).toContain('Math $x$ and');
    expect(plain).toContain('<code class="language-js">let a;\n</code>');
  });
});

describe('Markdown safety', () => {
  it('drops links that are not http(s), mailto or relative, keeping their text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(html(`[click](${href})`), href).toBe('<p>click</p>');
    }
    // Spaces, tabs and entities cannot sneak a scheme in: micromark percent-encodes them, which
    // leaves a harmless relative URL.
    for (const tricky of [
      '[a](< javascript:alert(1)>)',
      '[b](jav&#x09;ascript:alert(1))',
      '[c](&#106;avascript:alert(1))',
      '<javascript:alert(1)>',
    ]) {
      expect(html(tricky), tricky).not.toMatch(/href="\s*javascript/i);
    }
    expect(html('[mail](mailto:a@b.c) [rel](/gradio_api/file=x) [web](https://x.org)')).toBe(
      '<p><a href="mailto:a@b.c" target="_blank" rel="noopener noreferrer">mail</a> ' +
        '<a href="/gradio_api/file=x" target="_blank" rel="noopener noreferrer">rel</a> ' +
        '<a href="https://x.org" target="_blank" rel="noopener noreferrer">web</a></p>',
    );
    expect(html('[up](#top)')).toBe('<p><a href="#top">up</a></p>');
  });

  it('shows raw HTML as text: nothing is parsed as HTML, nothing can run', () => {
    expect(html('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html('Use the <br> tag and <img src=x onerror="alert(1)">.')).toBe(
      '<p>Use the &lt;br&gt; tag and &lt;img src=x onerror=&quot;alert(1)&quot;&gt;.</p>',
    );
    expect(html('<div onclick="alert(1)">\nhi\n</div>')).toBe('<p>&lt;div onclick=&quot;alert(1)&quot;&gt;\nhi\n&lt;/div&gt;</p>');
    const nested = html('> <iframe src="https://evil.example"></iframe>\n\n- <style>body{}</style>');
    expect(nested).not.toMatch(/<(iframe|style|script)/);
    expect(nested).toContain('&lt;iframe');
  });

  it('shows images from this server or inline data only; other web images become links, others their text', () => {
    expect(html('![logo](/file=logo.png)')).toBe('<p><img src="/file=logo.png" alt="logo" loading="lazy"/></p>');
    expect(html('![dot](data:image/png;base64,iVBORw0KGgo=)')).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"');
    expect(html('![pixel](https://tracker.example/p.gif)')).toBe(
      '<p><a href="https://tracker.example/p.gif" target="_blank" rel="noopener noreferrer" class="md-image-link">pixel</a></p>',
    );
    expect(html('![x](javascript:alert(1))')).toBe('<p><span>x</span></p>');
    expect(html('![x](data:text/html,hi)')).toBe('<p><span>x</span></p>');
    expect(html('![](//evil.example/p.gif)')).toContain('href="http://evil.example/p.gif"');
  });

  it("KaTeX's \\href and \\url are not trusted", () => {
    const out = html('$\\href{javascript:alert(1)}{click}$ $\\url{javascript:alert(2)}$');
    expect(out).not.toContain('href="javascript');
    expect(out).not.toMatch(/<a /);
  });

  it('safeHref / safeUrl / imageTarget', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('/gradio_api/file=x')).toBe('/gradio_api/file=x');
    expect(safeUrl('data:image/png;base64,AA', 'src')).toBe('data:image/png;base64,AA');
    expect(safeUrl('data:image/png;base64,AA', 'href')).toBe('');
    expect(imageTarget('/a.png', PAGE)).toEqual({ kind: 'image', src: '/a.png' });
    expect(imageTarget('http://127.0.0.1:7860/a.png', PAGE)).toEqual({ kind: 'image', src: 'http://127.0.0.1:7860/a.png' });
    expect(imageTarget('http://127.0.0.1:9999/a.png', PAGE)).toEqual({ kind: 'link', href: 'http://127.0.0.1:9999/a.png' });
    expect(imageTarget('', PAGE)).toEqual({ kind: 'none' });
  });
});

describe('lazy extras', () => {
  it('loads math and highlighting only when the text needs them', () => {
    expect(needsMath('no money here')).toBe(false);
    expect(needsMath('$x$')).toBe(true);
    expect(needsHighlight('```\nplain\n```')).toBe(false);
    expect(needsHighlight('text ```js inline``` text')).toBe(false);
    expect(needsHighlight('intro\n```python\nx = 1\n```')).toBe(true);
    expect(needsHighlight('~~~ c++\nint a;\n~~~')).toBe(true);
  });

  it('loads a part once and tells subscribers', async () => {
    expect(loadedExtra('highlight')).toBeUndefined();
    const before = extrasVersion();
    const loaded = new Promise<void>((resolve) => {
      const stop = subscribeExtras(() => {
        stop();
        resolve();
      });
    });
    loadExtra('highlight');
    loadExtra('highlight');
    await loaded;
    expect(extrasVersion()).toBe(before + 1);
    expect(loadedExtra('highlight')).toBe(highlight);
  });
});
