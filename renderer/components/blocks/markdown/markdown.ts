/**
 * The safety rules of Markdown shown on the page (model output included): no raw HTML (it is shown
 * as text, see remark-html-as-text.ts), links only to the web, mail or this server, images only
 * from this server (or inline data images). Pure, so the rules are unit-tested without a browser.
 */

/** Links may point to the web, mail, or somewhere on this page or server; nothing else. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return null;
  return trimmed === '' ? null : trimmed;
}

/** Inline images a browser decodes without running anything (an SVG in <img> runs no script). */
const DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp|avif|svg\+xml)[;,]/i;

/**
 * react-markdown's `urlTransform`: every URL attribute passes here. A refused URL becomes '' and
 * the components (markdown-components.tsx) then draw no link or image at all.
 */
export function safeUrl(url: string, key: string): string {
  if (key === 'src' && DATA_IMAGE.test(url.trim())) return url.trim();
  return safeHref(url) ?? '';
}

export type ImageTarget =
  { readonly kind: 'image'; readonly src: string } | { readonly kind: 'link'; readonly href: string } | { readonly kind: 'none' };

/**
 * How an image is shown. The page's CSP loads images only from this server (and data:/blob:), and
 * loading a remote image would tell its host who reads the text (a tracking pixel in a model's
 * answer), so an image elsewhere on the web becomes a link to it; a refused URL shows only its text.
 */
export function imageTarget(src: string | undefined, pageUrl: string): ImageTarget {
  if (!src) return { kind: 'none' };
  if (DATA_IMAGE.test(src)) return { kind: 'image', src };
  let url: URL;
  try {
    url = new URL(src, pageUrl);
  } catch {
    return { kind: 'none' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'none' };
  return url.origin === new URL(pageUrl).origin ? { kind: 'image', src } : { kind: 'link', href: url.href };
}

/** A link that stays on the page (`#section`, footnotes) opens in place; every other one in a new tab. */
export function opensNewTab(href: string): boolean {
  return !href.startsWith('#');
}

/**
 * Math is typeset only when the text has a `$` (the delimiters are `$…$` and `$$…$$`): KaTeX and its
 * fonts load on first use, not with the page.
 */
export function needsMath(source: string): boolean {
  return source.includes('$');
}

/** Highlighting loads only for a fenced code block that names its language (```js). */
export function needsHighlight(source: string): boolean {
  return /^ {0,3}(`{3,}|~{3,})[ \t]*[\w#+.-]/m.test(source);
}
