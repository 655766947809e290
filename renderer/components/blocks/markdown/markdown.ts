/**
 * A small, safe Markdown subset turned into a tree that React renders as elements: no HTML is
 * ever injected, so model output shown as Markdown cannot run script or load remote content
 * beyond links the user clicks. Covers what demo descriptions and chat replies use: headings,
 * paragraphs, lists, fenced code, quotes, rules, `code`, **strong**, *em*, [links](url).
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  | { readonly kind: 'em'; readonly children: readonly Inline[] }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly Inline[] }
  | { readonly kind: 'break' };

export type MdBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'code'; readonly lang: string; readonly text: string }
  | { readonly kind: 'quote'; readonly children: readonly MdBlock[] }
  | { readonly kind: 'rule' };

/** Links may point to the web, mail, or somewhere on this page or server; nothing else. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return null;
  return trimmed === '' ? null : trimmed;
}

const INLINE =
  /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s](?:[^*]*[^*\s])?)\*|(?<![\w])_([^_\s](?:[^_]*[^_\s])?)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)|( {2,}|\\)\n/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let rest = text;
  while (rest !== '') {
    const match = INLINE.exec(rest);
    if (!match) {
      out.push({ kind: 'text', text: rest });
      break;
    }
    if (match.index > 0) out.push({ kind: 'text', text: rest.slice(0, match.index) });
    const [whole, code, strong1, strong2, em1, em2, linkText, href] = match;
    if (code !== undefined) out.push({ kind: 'code', text: code });
    else if (strong1 !== undefined || strong2 !== undefined) out.push({ kind: 'strong', children: parseInline(strong1 ?? strong2 ?? '') });
    else if (em1 !== undefined || em2 !== undefined) out.push({ kind: 'em', children: parseInline(em1 ?? em2 ?? '') });
    else if (linkText !== undefined && href !== undefined) {
      const safe = safeHref(href);
      const children = parseInline(linkText);
      if (safe === null) out.push(...children);
      else out.push({ kind: 'link', href: safe, children });
    } else out.push({ kind: 'break' });
    rest = rest.slice(match.index + whole.length);
  }
  return out;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^(```|~~~)\s*([\w+-]*)\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const QUOTE = /^\s*>\s?(.*)$/;

function startsBlock(line: string): boolean {
  return HEADING.test(line) || FENCE.test(line) || BULLET.test(line) || NUMBERED.test(line) || RULE.test(line) || QUOTE.test(line);
}

export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: MdBlock[] = [];
  let i = 0;
  const line = (n: number): string => lines[n] ?? '';
  while (i < lines.length) {
    const current = line(i);
    if (current.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(current);
    if (fence) {
      const body: string[] = [];
      i++;
      while (
        i < lines.length &&
        !line(i)
          .trim()
          .startsWith(fence[1] ?? '```')
      )
        body.push(line(i++));
      i++;
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(current);
    if (heading) {
      const level = Math.min(6, (heading[1] ?? '#').length) as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ kind: 'heading', level, children: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(current)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(current)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(line(i))) body.push(QUOTE.exec(line(i++))?.[1] ?? '');
      blocks.push({ kind: 'quote', children: parseMarkdown(body.join('\n')) });
      continue;
    }
    const ordered = NUMBERED.test(current);
    if (ordered || BULLET.test(current)) {
      const pattern = ordered ? NUMBERED : BULLET;
      const items: Inline[][] = [];
      while (i < lines.length && pattern.test(line(i))) items.push(parseInline(pattern.exec(line(i++))?.[1] ?? ''));
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const body: string[] = [current];
    i++;
    while (i < lines.length && line(i).trim() !== '' && !startsBlock(line(i))) body.push(line(i++));
    blocks.push({ kind: 'paragraph', children: parseInline(body.join('\n')) });
  }
  return blocks;
}
